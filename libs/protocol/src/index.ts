// The public surface of @portalchat/protocol: pure IRC/IRCX wire logic and service contracts. No I/O.
export type { IrcMessage } from './message-types';
export {
  parseMessage,
  serializeMessage,
  fitLineLimit,
  MessageParseError,
  type MessageParseErrorCode,
  MAX_LINE_BYTES,
  MAX_TAGS_BYTES,
  MAX_CLIENT_TAGS_BYTES,
  MessageSerializeError,
} from './message';
export { utf8ByteLength } from './utf8';
export { escapeTagValue, unescapeTagValue, formatServerTime } from './tags';
export { ircLower, ircEquals } from './casemapping';
export {
  isValidNick,
  isValidChannelName,
  hadInvalidUtf8,
  isValidUsername,
  channelPrefixOf,
  hasChannelPrefix,
  CHANNEL_PREFIXES,
} from './names';
export { hexNickOf, unicodeNickFromHex, type NickOptions } from './names';
export { plainNickView, plainNickLine } from './hex-nicks';
export { wildcardMatch } from './wildcard';
export {
  CHANNEL_MODE_SPEC,
  parseModeString,
  formatModeChanges,
  modeClassOf,
  type ModeSpec,
  type ModeChange,
  type ModeClass,
  type ParsedModes,
} from './modes';
export * from './numerics';
export { NUMERICS, NUMERIC_NAMES, NUMERIC_ALIASES } from './numeric-names';
export {
  subjects,
  historyStream,
  gatewayOfStateIn,
  gatewayReloadName,
  isValidGatewayId,
  InvalidSubjectTokenError,
  type Subject,
  type RequestSubject,
} from './subjects';
export { busPermissions, busUser, inboxPrefixOf, type BusPermissions, type BusRole } from './subject-permissions';
export { envelopeKinds } from './envelope-kinds';
export { adminActionProblems, adminCommandLine } from './admin-actions';
export type {
  AdminAccessLevel,
  AdminChannel,
  AdminPortalAction,
  AdminPortalEntry,
  AdminPortalReply,
  AdminPortalRequest,
  AdminStateAction,
  AdminStateReply,
  AdminStateRequest,
  AdminUser,
  ReloadReply,
  ReloadRequest,
} from './admin-envelopes';
export {
  mapEdgeId,
  type PortalMapLink,
  type PortalMapServer,
  type PortalMapReport,
  type StateCensusRequest,
  type ServerCensus,
  type StateCensus,
  type MapNodeState,
  type MapNode,
  type MapEdgeState,
  type MapEdge,
  type MapView,
  type MapSnapshot,
  type MapChange,
  type MapDelta,
} from './network-map';
export {
  PROTOCOL_VERSION,
  EnvelopeError,
  encodeEnvelope,
  encodeEnvelopes,
  encodeNumberedEnvelopes,
  encodeBurstChunks,
  decodeEnvelope,
  type EnvelopeKind,
  type Encoded,
  type ItemsField,
  type ItemOf,
  type ConnId,
  type GatewayHello,
  type ConnOpen,
  type ConnLine,
  type ConnClosed,
  type ConnOversized,
  type GatewayEvent,
  type GatewayBatch,
  type SendOp,
  type CloseOp,
  type RegisteredOp,
  type IrcxOp,
  type LagOp,
  type StateOp,
  type DeliveryBatch,
  type StateHello,
  type StateInfoRequest,
  type StateInfo,
} from './envelopes';
export type {
  NetModeChange,
  NetUser,
  NetMultilineLine,
  NetHistoryEntry,
  NetListEntry,
  NetAccessEntry,
  NetServerBan,
  NetAccount,
  AccessLevel,
  NetChannel,
  NetEvent,
  NetStamp,
  StampedNetEvent,
  NetOutItem,
  NetServer,
  ServerTable,
  PortalLinkSummary,
  NetInItem,
  NetOutBatch,
  NetInBatch,
  BurstRequest,
  BurstChunk,
} from './network-events';
export { SentLog, ReceiveCursor, type NumberedRun, type SentLogData, type RunVerdict } from './sequencing';
export { StreamPair, type StateSighting } from './stream-pair';
export { netEventProblem, NET_EVENT_TYPES } from './network-event-check';
export { PORTAL_PROTO, PORTAL_PROTOCOL_VERSION, PORTAL_SERVICE } from './portal-proto';
export * from './ircx-numerics';
