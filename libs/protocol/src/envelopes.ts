/**
 * Payloads exchanged between the services of one host over NATS (see subjects.ts).
 *
 * PROTOCOL_VERSION: bump when a payload changes incompatibly (a field removed or its meaning
 * changed); adding an optional field does not need a bump. A receiver drops envelopes of another
 * version and logs it, because gateway and state are deployed separately.
 */
import type { BurstChunk, NetEvent } from './network-events';
import { utf8ByteLength } from './utf8';

export const PROTOCOL_VERSION = 1 as const;

/** A connection number, unique within one gateway instance. */
export type ConnId = number;

// ── gateway → state (subject: stateIn) ─────────────────────────────────────────

/** A gateway (re)started: every connection state knew from that gateway ID is gone. */
export interface GatewayHello {
  type: 'hello';
  instance: string;
}

/** A TCP client connected. */
export interface ConnOpen {
  type: 'open';
  conn: ConnId;
  /** Remote IP address, as the socket reports it. */
  ip: string;
  port: number;
  /** The local address and port the client connected to. */
  localIp: string;
  localPort: number;
  /** Connected to a TLS listener. */
  tls: boolean;
  /**
   * The SHA-256 fingerprint (lower-case hex) of the certificate a TLS client presented, if any;
   * not verified against a CA: it identifies the client to SASL EXTERNAL and WHOIS 276.
   */
  certfp?: string;
}

/** One complete line from a client, without CR/LF, already within the length limits. */
export interface ConnLine {
  type: 'line';
  conn: ConnId;
  line: string;
}

/** The connection ended on the gateway's side (socket closed, ping timeout, SendQ, flood). */
export interface ConnClosed {
  type: 'closed';
  conn: ConnId;
  reason: string;
}

/**
 * A line over the length limits, dropped by the gateway: state answers 417 ERR_INPUTTOOLONG, as
 * the reply to the labeled command `label` when the line's tags named one (labeled-response) and
 * the client negotiated it. Only state knows the client's caps, so the gateway does not answer.
 */
export interface ConnOversized {
  type: 'oversized';
  conn: ConnId;
  label?: string;
}

export type GatewayEvent = GatewayHello | ConnOpen | ConnLine | ConnClosed | ConnOversized;

/**
 * Events of one gateway instance, numbered (sequencing.ts): `seq` is the first event's number.
 * A batch without events is the gateway's heartbeat (once a second): it carries the
 * acknowledgement, tells state the gateway is alive, and may ask for ops again.
 */
export interface GatewayBatch {
  v: typeof PROTOCOL_VERSION;
  /** The sending gateway's ID. */
  gw: string;
  /** The sending gateway process's instance; event numbers count from 1 per instance. */
  gi: string;
  seq: number;
  /** The last delivery op this gateway applied (DeliveryBatch numbering). */
  ack: number;
  /** Send every op after `ack` again: the gateway saw a gap, or a new state instance. */
  resend?: boolean;
  events: GatewayEvent[];
}

// ── state → gateway (subject: gatewayOut) ──────────────────────────────────────

/** Write one line (no CR/LF; the gateway adds it) to each listed connection, in order. */
export interface SendOp {
  type: 'send';
  to: ConnId[];
  /**
   * One line without its CR-LF, or several consecutive lines to the same connections joined by
   * CR-LF (state coalesces a reply of many lines, such as the welcome, into one op); the gateway
   * appends the final CR-LF.
   */
  line: string;
  /** How many lines `line` holds when more than one (for the gateway's line counter). */
  lines?: number;
}

/** Flush what is queued for the connection, then close it. */
export interface CloseOp {
  type: 'close';
  conn: ConnId;
  reason: string;
}

/** The connection finished registration (its registration timer stops; it gets `nick`). */
export interface RegisteredOp {
  type: 'registered';
  conn: ConnId;
  nick: string;
  /** IRC operators are exempt from flood control. */
  floodExempt: boolean;
}

/**
 * The connection switched to IRCX (the IRCX command): a gateway stopped on purpose then sends
 * it `REDIRECT` instead of a plain ERROR. Once per connection; IRCX has no way back.
 */
export interface IrcxOp {
  type: 'ircx';
  conn: ConnId;
}

/**
 * IRCX channel LAG: the gateway spaces this connection's PRIVMSG/NOTICE/TAGMSG lines at least
 * `ms` apart before they reach state (0: no spacing). State sends it when the largest LAG of the
 * channels the user is a plain member of changes (engine/member-lag.ts).
 */
export interface LagOp {
  type: 'lag';
  conn: ConnId;
  ms: number;
}

export type StateOp = SendOp | CloseOp | RegisteredOp | IrcxOp | LagOp;

/** Ops for one gateway instance, numbered (sequencing.ts): `first` is the first op's number. */
export interface DeliveryBatch {
  v: typeof PROTOCOL_VERSION;
  /** The gateway instance the numbering belongs to; another instance ignores the batch. */
  gi: string;
  first: number;
  /** The last event of this gateway instance that state has taken for good (journaled). */
  ack: number;
  /**
   * State does not know this gateway instance (it declared the gateway lost while it was paused,
   * or lost its own history): its clients are gone for state, and the gateway starts again.
   */
  reset?: boolean;
  ops: StateOp[];
}

// ── state announcements and queries ────────────────────────────────────────────

/**
 * Published by state when it starts. `lineage` names the history the instance carries on: the
 * same lineage as before means it recovered everything (journal and snapshot) and the gateways
 * resume; a new lineage means it started empty, and they drop the clients it never knew.
 */
export interface StateHello {
  v: typeof PROTOCOL_VERSION;
  instance: string;
  lineage: string;
}

export interface StateInfoRequest {
  v: typeof PROTOCOL_VERSION;
  /** Include the full state snapshot (users, channels) for debugging and tests. */
  snapshot?: boolean;
}

export interface StateInfo {
  v: typeof PROTOCOL_VERSION;
  instance: string;
  /** See StateHello. */
  lineage: string;
  serverName: string;
  serverId: number;
  users: number;
  channels: number;
  snapshot?: unknown;
}

// ── encoding: one place, so the wire format can change after measuring ─────────

export class EnvelopeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EnvelopeError';
  }
}

// Type-only marker: ties a kind or an encoded envelope to its payload type (never set at run time).
declare const payloadType: unique symbol;

/**
 * What the messages of one subject carry (envelope-kinds.ts has one per payload type): the payload's
 * name for logs and a check of its fields. `T` is part of the type invariantly, so the kind of one
 * payload is never taken for another's.
 */
export interface EnvelopeKind<T extends { v: number }> {
  /** The payload type's name, e.g. 'DeliveryBatch' (for logs and errors). */
  readonly name: string;
  /** Why a parsed envelope of this version is not a T (`bad or missing field "ops"`), or undefined. */
  readonly problem: (value: object) => string | undefined;
  readonly [payloadType]?: (value: T) => T;
}

/** An envelope of T encoded for the wire (a JSON string): it can only be published on a subject of T. */
export type Encoded<T extends { v: number }> = string & { readonly [payloadType]: (value: T) => T };

export function encodeEnvelope<T extends { v: number }>(value: T): Encoded<T> {
  return JSON.stringify(value) as Encoded<T>;
}

/**
 * Parses an envelope of `kind`: checks that it is an object of this protocol version whose fields
 * pass the kind's check, and throws EnvelopeError on anything else. The payload type comes from
 * the kind (in the services: from the subject the message came on), never from the caller.
 */
export function decodeEnvelope<T extends { v: number }>(kind: EnvelopeKind<T>, data: string): T {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (cause) {
    throw new EnvelopeError(`${kind.name} envelope is not valid JSON`, { cause });
  }
  if (typeof value !== 'object' || value === null || !('v' in value)) {
    throw new EnvelopeError(`${kind.name} envelope has no version field`);
  }
  if (value.v !== PROTOCOL_VERSION) {
    throw new EnvelopeError(`${kind.name} envelope version ${String(value.v)} is not ${PROTOCOL_VERSION}`);
  }
  const problem = kind.problem(value);
  if (problem !== undefined) throw new EnvelopeError(`${kind.name} envelope has a ${problem}`);
  return value as T;
}

/** The fields of an envelope type that hold a batch's items. */
export type ItemsField<T> = { [K in keyof T]-?: T[K] extends readonly unknown[] ? K : never }[keyof T];
/** The type of one item of the batch field K of T. */
export type ItemOf<T, K extends keyof T> = T[K] extends readonly (infer I)[] ? I : never;

/**
 * Encodes a batch as one or more envelopes `{"v":1,...head,"<field>":[…]}`, each at most
 * `maxBytes` of UTF-8 (NATS refuses a payload over the server's max_payload, 1 MiB by default,
 * and a busy turn can collect more than that). Items are encoded once; order is kept across
 * the envelopes. An item larger than `maxBytes` on its own still goes out, alone.
 */
export function encodeEnvelopes<T extends { v: number }, K extends ItemsField<T> = ItemsField<T>>(
  head: Omit<T, 'v' | K>,
  field: K,
  items: readonly ItemOf<T, K>[],
  maxBytes: number,
): Encoded<T>[] {
  const prefix = JSON.stringify({ v: PROTOCOL_VERSION, ...head }).slice(0, -1) + `,${JSON.stringify(field)}:[`;
  return chunkItems(items, maxBytes - utf8ByteLength(prefix) - 2).map(
    ({ body }) => (prefix + body + ']}') as Encoded<T>,
  );
}

/**
 * Like encodeEnvelopes, for a run of numbered items (sequencing.ts): the items are numbered from
 * `first`, and each envelope's `numberField` says the number of its own first item. `encodeItem`
 * gives an item's JSON: a sender that holds an item's JSON already (the portal, an event from a
 * peer) passes it on instead of encoding the item again.
 */
export function encodeNumberedEnvelopes<
  T extends { v: number },
  N extends keyof T,
  K extends ItemsField<T> = ItemsField<T>,
>(
  head: Omit<T, 'v' | K | N>,
  numberField: N,
  first: number,
  field: K,
  items: readonly ItemOf<T, K>[],
  maxBytes: number,
  encodeItem: (item: ItemOf<T, K>) => string = JSON.stringify,
): Encoded<T>[] {
  const base = JSON.stringify({ v: PROTOCOL_VERSION, ...head }).slice(0, -1) + `,${JSON.stringify(numberField)}:`;
  const tail = `,${JSON.stringify(field)}:[`;
  // The widest number this run can carry, so every envelope fits whatever its own number is.
  const overhead = utf8ByteLength(base) + String(first + items.length).length + utf8ByteLength(tail) + 2;
  return chunkItems(items, maxBytes - overhead, encodeItem).map(
    ({ start, body }) => `${base}${first + start}${tail}${body}]}` as Encoded<T>,
  );
}

/**
 * Splits items, encoded by `encodeItem`, into runs of at most `room` bytes of comma-joined JSON
 * (`body`, without the brackets), in order. An item larger than `room` on its own still makes a run, alone.
 *
 * The common case, a turn's batch far below max_payload, is one JSON.stringify of the whole array
 * and no byte counting: a UTF-16 code unit is at most 3 bytes of UTF-8, so three times the length
 * fitting settles it. Counting each item's bytes in JS cost more than the encoding itself on the
 * delivery path (docs/perf-notes/wire.md); only a batch that may not fit is encoded item by item.
 */
function chunkItems<I>(
  items: readonly I[],
  room: number,
  encodeItem: (item: I) => string = JSON.stringify,
): { start: number; body: string }[] {
  if (items.length === 0) return [];
  // A custom encoder's items are encoded once here and reused by the exact split below.
  const encodedItems = encodeItem === JSON.stringify ? undefined : items.map(encodeItem);
  const whole = encodedItems ? encodedItems.join(',') : JSON.stringify(items).slice(1, -1);
  if (whole.length * 3 <= room) return [{ start: 0, body: whole }];
  const out: { start: number; body: string }[] = [];
  let parts: string[] = [];
  let start = 0;
  let size = 0;
  items.forEach((item, index) => {
    const encoded = encodedItems?.[index] ?? encodeItem(item);
    const bytes = utf8ByteLength(encoded) + 1; // the comma
    if (parts.length > 0 && size + bytes > room) {
      out.push({ start, body: parts.join(',') });
      parts = [];
      start = index;
      size = 0;
    }
    parts.push(encoded);
    size += bytes;
  });
  if (parts.length > 0) out.push({ start, body: parts.join(',') });
  return out;
}

/**
 * A burst (the answer to a BurstRequest) as BurstChunk envelopes of at most `maxBytes` each (NATS
 * max_payload), in order; the final one says `last: true`, and an empty burst is one empty final
 * chunk.
 */
export function encodeBurstChunks(events: readonly NetEvent[], maxBytes: number): Encoded<BurstChunk>[] {
  const chunks = encodeEnvelopes<BurstChunk>({ last: false }, 'events', events, maxBytes);
  const final = chunks.at(-1);
  if (final === undefined) return [encodeEnvelope<BurstChunk>({ v: PROTOCOL_VERSION, events: [], last: true })];
  // encodeEnvelopes writes the head first: `{"v":1,"last":false,"events":[…]}`. Flipping the flag
  // of the final chunk in place keeps it within maxBytes (one byte shorter) without re-encoding.
  chunks[chunks.length - 1] = final.replace('"last":false', '"last":true') as Encoded<BurstChunk>;
  return chunks;
}
