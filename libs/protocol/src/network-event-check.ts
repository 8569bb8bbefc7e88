import type {
  NetAccessEntry,
  NetAccount,
  NetChannel,
  NetEvent,
  NetHistoryEntry,
  NetListEntry,
  NetModeChange,
  NetMultilineLine,
  NetServerBan,
  NetUser,
} from './network-events';
import {
  arrayOf,
  bool,
  fieldProblem,
  num,
  object,
  oneOf,
  optional,
  pairOf,
  str,
  stringRecord,
  type FieldChecks,
} from './shape-check';

/**
 * A shape check for NetEvents that come from another host. Peers are trusted to be honest, not
 * to be bug-free: an event with an unknown type or a missing field must be dropped where it
 * arrives (portal) or ignored where it would be applied (state) instead of reaching code that
 * assumes the contract. Pure, allocation-light: it runs on every event of a link.
 */

const multilineLine = object<NetMultilineLine>({ text: str, concat: optional(bool) });
const listEntry = object<NetListEntry>({ mask: str, setBy: str, setAt: num });
const accessLevel = oneOf('OWNER', 'HOST', 'VOICE', 'GRANT', 'DENY');
const accessEntry = object<NetAccessEntry>({
  level: accessLevel,
  mask: str,
  expiresAt: num,
  setBy: str,
  setAt: num,
  reason: str,
  byOwner: bool,
});
const netUser = object<NetUser>({
  uid: str,
  nick: str,
  nickTs: num,
  username: str,
  hostname: str,
  realHost: optional(str),
  ip: optional(str),
  realname: str,
  serverId: num,
  signonAt: num,
  modes: str,
  away: optional(str),
  operName: optional(str),
  account: optional(str),
  access: optional(arrayOf(accessEntry)),
  tls: optional(bool),
  certfp: optional(str),
  metadata: optional(stringRecord),
});
const netChannel = object<NetChannel>({
  name: str,
  createdAt: num,
  modes: str,
  key: optional(str),
  limit: optional(num),
  topic: optional(object<NonNullable<NetChannel['topic']>>({ text: str, setBy: str, setAt: num })),
  lists: object<NetChannel['lists']>({ b: arrayOf(listEntry), e: arrayOf(listEntry), I: arrayOf(listEntry) }),
  members: arrayOf(pairOf(str, str)),
  props: optional(stringRecord),
  access: optional(arrayOf(accessEntry)),
  registered: optional(bool),
  cloneOf: optional(str),
  metadata: optional(stringRecord),
});
const serverBan = object<NetServerBan>({
  mask: str,
  setBy: str,
  setAt: num,
  expiresAt: num,
  reason: str,
  removed: optional(bool),
});
const netAccount = object<NetAccount>({ name: str, credentials: str, registeredAt: num, serverId: num });
const historyEntry = object<NetHistoryEntry>({
  key: str,
  msgid: str,
  time: num,
  command: oneOf('PRIVMSG', 'NOTICE', 'TAGMSG', 'JOIN', 'PART', 'QUIT', 'KICK', 'NICK', 'TOPIC', 'MODE'),
  prefix: str,
  params: arrayOf(str),
  clientTags: optional(stringRecord),
  from: str,
  restrictedTo: optional(str),
  multiline: optional(arrayOf(multilineLine)),
});
const modeChange = object<NetModeChange>({ add: bool, mode: str, arg: optional(str) });

/**
 * The checks of one event type's fields besides `type`: every field of the type in
 * network-events.ts, and no other, with a check of its type (FieldChecks), so this table cannot
 * drift from the event types.
 */
type EventFieldChecks = { readonly [K in NetEvent['type']]: FieldChecks<Omit<Extract<NetEvent, { type: K }>, 'type'>> };

/** The fields each event type carries (besides `type`), as in network-events.ts. */
const EVENT_FIELDS: EventFieldChecks = {
  user: { user: netUser },
  nick: { uid: str, nick: str, nickTs: num, msgid: optional(str), time: optional(num) },
  quit: { uid: str, reason: str, msgid: optional(str), time: optional(num) },
  kill: { uid: str, by: str, reason: str },
  umode: { uid: str, modes: str, operName: optional(str) },
  away: { uid: str, message: optional(str) },
  setname: { uid: str, realname: str },
  account: { uid: str, account: optional(str) },
  chghost: { uid: str, username: str, hostname: str, realHost: optional(str), ip: optional(str) },
  channel: { channel: netChannel },
  join: { channel: str, channelTs: num, uid: str, modes: str, msgid: optional(str), time: optional(num) },
  part: { channel: str, uid: str, reason: optional(str), msgid: optional(str), time: optional(num) },
  kick: { channel: str, uid: str, by: str, reason: str, msgid: optional(str), time: optional(num) },
  cmode: {
    channel: str,
    channelTs: num,
    by: str,
    changes: arrayOf(modeChange),
    msgid: optional(str),
    time: optional(num),
  },
  topic: { channel: str, text: str, setBy: str, setAt: num, by: str, msgid: optional(str) },
  invite: { channel: str, uid: str, by: str },
  metadata: { target: str, channelTs: optional(num), key: str, value: optional(str), by: str },
  rename: { channel: str, channelTs: num, newName: str, by: str, reason: str },
  message: {
    command: oneOf('PRIVMSG', 'NOTICE', 'TAGMSG'),
    from: str,
    to: str,
    text: str,
    time: num,
    msgid: optional(str),
    clientTags: optional(stringRecord),
    multiline: optional(arrayOf(multilineLine)),
  },
  redact: { from: str, target: str, msgid: str, reason: optional(str), time: num },
  wallops: { from: str, text: str, msgid: optional(str) },
  'access-add': { object: str, channelTs: optional(num), entry: accessEntry },
  'access-del': { object: str, channelTs: optional(num), level: accessLevel, mask: str },
  'access-clear': { object: str, channelTs: optional(num), level: optional(accessLevel) },
  prop: { channel: str, channelTs: num, name: str, value: optional(str), by: str, setAt: num },
  whisper: { channel: str, from: str, to: arrayOf(str), text: str, time: num, msgid: str },
  data: {
    command: oneOf('DATA', 'REQUEST', 'REPLY'),
    from: str,
    to: str,
    nicks: optional(arrayOf(str)),
    tag: str,
    text: str,
    time: num,
    msgid: str,
  },
  knock: { channel: str, uid: str, reason: str, msgid: optional(str) },
  chkill: { channel: str, by: str, reason: str },
  clone: { parent: str, channel: str, msgid: optional(str) },
  gline: { ban: serverBan },
  'account-register': { account: netAccount },
  'read-marker': { account: str, target: str, time: num },
  history: { entries: arrayOf(historyEntry), redacted: optional(arrayOf(pairOf(str, str))) },
  'link-control': { action: oneOf('squit', 'connect'), portal: str, by: str, reason: str },
  burst: { phase: oneOf('begin', 'end'), servers: arrayOf(num) },
};

export const NET_EVENT_TYPES: readonly NetEvent['type'][] = Object.keys(EVENT_FIELDS) as NetEvent['type'][];

/**
 * Why `value` is not a NetEvent this version can apply (`unknown event type "x"`, `bad or
 * missing field "uid" of quit`), or undefined when it is one. Extra fields are allowed.
 */
export function netEventProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not an object';
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') return 'no event type';
  const fields = Object.prototype.hasOwnProperty.call(EVENT_FIELDS, type)
    ? EVENT_FIELDS[type as NetEvent['type']]
    : undefined;
  if (!fields) return `unknown event type "${type.slice(0, 32)}"`;
  const field = fieldProblem(value, fields);
  return field === undefined ? undefined : `bad or missing field "${field}" of ${type}`;
}
