/**
 * Every NATS subject Portalchat uses, and the only place they are spelled out.
 *
 * Hierarchy (all namespaced by server ID so several hosts could share one NATS cluster):
 *
 *   chat.<sid>.state.in.<gwId>   gateway → state  GatewayBatch (client connections' events, in order)
 *   chat.<sid>.state.hello       state → gateways StateHello   (a state instance started)
 *   chat.<sid>.state.info        request/reply    StateInfoRequest → StateInfo (readiness, RTT, debug snapshot)
 *   chat.<sid>.gw.<gwId>.out     state → gateway  DeliveryBatch (lines to write, sockets to close)
 *   chat.<sid>.portal.out        state → portal   NetOutBatch   (local changes for the network)
 *   chat.<sid>.portal.in         portal → state   NetInBatch    (changes from the network, server table)
 *   chat.<sid>.state.burst       request          BurstRequest → BurstChunk… on its replyTo subject
 *   chat.<sid>.portal.burst.<id> state → portal   BurstChunk    (one burst's chunks, in order)
 *   chat.<sid>.history           state → JetStream history records (stream `history-<sid>`, historyStream)
 *   chat.<sid>.portal.map        portal → gateways PortalMapReport (links and graph, for /map; network-map.ts)
 *   chat.<sid>.state.census      request          StateCensusRequest → StateCensus (users, channels per server)
 *   chat.<sid>.admin.state       request/reply    AdminStateRequest → AdminStateReply (admin API → state)
 *   chat.<sid>.admin.portal      request/reply    AdminPortalRequest → AdminPortalReply (admin API → portal)
 *   chat.<sid>.host.reload       request/reply    ReloadRequest → ReloadReply (REHASH, admin API → host process)
 *   chat.<sid>.reload.<service>  request/reply    ReloadRequest → ReloadReply (host → one service: re-read
 *                                                 the effective file; <service>: state, portal, gw-<gwId>)
 *
 * Each builder returns a typed `Subject<TPayload>`: its name and the kind of envelope it carries
 * (envelope-kinds.ts). The builders' return types are the one map from subject to payload type:
 * the publish/subscribe helpers of @portalchat/service take a `Subject<T>` and a `T` (or hand the
 * handler a `T` decoded and checked as that kind), so sending or expecting the wrong payload on a
 * subject does not compile.
 *
 * Ordering: NATS keeps the order of messages from one publisher on one subject, so each gateway
 * publishes all its events on its own `state.in.<gwId>` from one connection and state writes each
 * gateway's deliveries on that gateway's own subject.
 *
 * Each gateway has subjects of its own both ways so that the host's NATS can let a gateway publish
 * and read only its own (subject-permissions.ts); state checks that a batch names the gateway
 * of the subject it came on.
 */

import { envelopeKinds } from './envelope-kinds';
import type { DeliveryBatch, EnvelopeKind, GatewayBatch, StateHello, StateInfo, StateInfoRequest } from './envelopes';
import type { BurstChunk, BurstRequest, NetInBatch, NetOutBatch } from './network-events';
import type { PortalMapReport, StateCensus, StateCensusRequest } from './network-map';
import type {
  AdminPortalReply,
  AdminPortalRequest,
  AdminStateReply,
  AdminStateRequest,
  ReloadReply,
  ReloadRequest,
} from './admin-envelopes';

/** A NATS subject and the kind of envelope its messages carry. */
export interface Subject<TPayload extends { v: number }> {
  readonly name: string;
  readonly payload: EnvelopeKind<TPayload>;
}

/** A request/reply subject: requests carry TRequest, and the answer is a TReply. */
export interface RequestSubject<
  TRequest extends { v: number },
  TReply extends { v: number },
> extends Subject<TRequest> {
  readonly reply: EnvelopeKind<TReply>;
}

export class InvalidSubjectTokenError extends Error {
  constructor(token: string, what: string) {
    super(`invalid ${what} for a NATS subject token: ${JSON.stringify(token)}`);
    this.name = 'InvalidSubjectTokenError';
  }
}

// A subject token must not be empty and must not contain '.', whitespace or wildcards.
const TOKEN = /^[A-Za-z0-9_-]+$/;

function token(value: string | number, what: string): string {
  // Server IDs are positive integers (the config schema says 1–4095); NaN or -1 must not slip through.
  if (typeof value === 'number' && !(Number.isInteger(value) && value > 0))
    throw new InvalidSubjectTokenError(String(value), what);
  const s = String(value);
  if (!TOKEN.test(s)) throw new InvalidSubjectTokenError(s, what);
  return s;
}

const sid = (serverId: number) => token(serverId, 'server ID');

export const subjects = {
  stateIn: (serverId: number, gatewayId: string): Subject<GatewayBatch> => ({
    name: `chat.${sid(serverId)}.state.in.${token(gatewayId, 'gateway ID')}`,
    payload: envelopeKinds.gatewayBatch,
  }),
  /** Every gateway's input subject (state subscribes here; the last token names the gateway). */
  stateInAll: (serverId: number): Subject<GatewayBatch> => ({
    name: `chat.${sid(serverId)}.state.in.*`,
    payload: envelopeKinds.gatewayBatch,
  }),
  stateHello: (serverId: number): Subject<StateHello> => ({
    name: `chat.${sid(serverId)}.state.hello`,
    payload: envelopeKinds.stateHello,
  }),
  stateInfo: (serverId: number): RequestSubject<StateInfoRequest, StateInfo> => ({
    name: `chat.${sid(serverId)}.state.info`,
    payload: envelopeKinds.stateInfoRequest,
    reply: envelopeKinds.stateInfo,
  }),
  portalOut: (serverId: number): Subject<NetOutBatch> => ({
    name: `chat.${sid(serverId)}.portal.out`,
    payload: envelopeKinds.netOutBatch,
  }),
  portalIn: (serverId: number): Subject<NetInBatch> => ({
    name: `chat.${sid(serverId)}.portal.in`,
    payload: envelopeKinds.netInBatch,
  }),
  stateBurst: (serverId: number): Subject<BurstRequest> => ({
    name: `chat.${sid(serverId)}.state.burst`,
    payload: envelopeKinds.burstRequest,
  }),
  burstReply: (serverId: number, burstId: string): Subject<BurstChunk> => ({
    name: `chat.${sid(serverId)}.portal.burst.${token(burstId, 'burst ID')}`,
    payload: envelopeKinds.burstChunk,
  }),
  /** The subject a BurstRequest names for its chunks (the requester's `burstReply` subject). */
  burstReplyTo: (request: BurstRequest): Subject<BurstChunk> => ({
    name: request.replyTo,
    payload: envelopeKinds.burstChunk,
  }),
  gatewayOut: (serverId: number, gatewayId: string): Subject<DeliveryBatch> => ({
    name: `chat.${sid(serverId)}.gw.${token(gatewayId, 'gateway ID')}.out`,
    payload: envelopeKinds.deliveryBatch,
  }),
  /** Every gateway's output subject (what state may publish to). */
  gatewayOutAll: (serverId: number): Subject<DeliveryBatch> => ({
    name: `chat.${sid(serverId)}.gw.*.out`,
    payload: envelopeKinds.deliveryBatch,
  }),
  /** Every burst's reply subject (what state may publish to, and the portal read). */
  burstReplyAll: (serverId: number): Subject<BurstChunk> => ({
    name: `chat.${sid(serverId)}.portal.burst.*`,
    payload: envelopeKinds.burstChunk,
  }),
  /** The portal's view of its links and of the network, for the gateways' /map. */
  portalMap: (serverId: number): Subject<PortalMapReport> => ({
    name: `chat.${sid(serverId)}.portal.map`,
    payload: envelopeKinds.portalMapReport,
  }),
  /** State's users and channels per server, for the gateways' /map. */
  stateCensus: (serverId: number): RequestSubject<StateCensusRequest, StateCensus> => ({
    name: `chat.${sid(serverId)}.state.census`,
    payload: envelopeKinds.stateCensusRequest,
    reply: envelopeKinds.stateCensus,
  }),
  adminState: (serverId: number): RequestSubject<AdminStateRequest, AdminStateReply> => ({
    name: `chat.${sid(serverId)}.admin.state`,
    payload: envelopeKinds.adminStateRequest,
    reply: envelopeKinds.adminStateReply,
  }),
  adminPortal: (serverId: number): RequestSubject<AdminPortalRequest, AdminPortalReply> => ({
    name: `chat.${sid(serverId)}.admin.portal`,
    payload: envelopeKinds.adminPortalRequest,
    reply: envelopeKinds.adminPortalReply,
  }),
  /** Reload the host file: served by the host process (libs/hosting), asked by REHASH and the API. */
  hostReload: (serverId: number): RequestSubject<ReloadRequest, ReloadReply> => ({
    name: `chat.${sid(serverId)}.host.reload`,
    payload: envelopeKinds.reloadRequest,
    reply: envelopeKinds.reloadReply,
  }),
  /** Re-read the configuration file: served by one service (`state`, `portal`, `gw-<id>`). */
  serviceReload: (serverId: number, service: string): RequestSubject<ReloadRequest, ReloadReply> => ({
    name: `chat.${sid(serverId)}.reload.${token(service, 'service name')}`,
    payload: envelopeKinds.reloadRequest,
    reply: envelopeKinds.reloadReply,
  }),
} as const;

/** The service name a gateway answers reloads under (subjects.serviceReload). */
export function gatewayReloadName(gatewayId: string): string {
  return `gw-${gatewayId}`;
}

/**
 * The host's JetStream stream of chat history (issue 13): state appends every history entry and
 * redaction on `subject` and reads the stream back at start. Only state uses it; the payload is
 * state's own record (JSON), read by state alone, so it has no envelope kind.
 */
export function historyStream(serverId: number): { stream: string; subject: string } {
  return { stream: `history-${sid(serverId)}`, subject: `chat.${sid(serverId)}.history` };
}

/** True when `id` can be used as a gateway ID (it becomes a subject token). */
export function isValidGatewayId(id: string): boolean {
  return TOKEN.test(id) && id.length <= 32;
}

/** The gateway ID a `stateIn` subject names (its last token), or undefined for another subject. */
export function gatewayOfStateIn(subject: string): string | undefined {
  const parts = subject.split('.');
  return parts.length === 5 && parts[2] === 'state' && parts[3] === 'in' ? parts[4] : undefined;
}
