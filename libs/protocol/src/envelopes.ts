/**
 * Payloads exchanged between the services of one host over NATS (see subjects.ts).
 *
 * PROTOCOL_VERSION: bump when a payload changes incompatibly (a field removed or its meaning
 * changed); adding an optional field does not need a bump. A receiver drops envelopes of another
 * version and logs it, because gateway and state are deployed separately.
 */
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
  tls: boolean;
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

export type GatewayEvent = GatewayHello | ConnOpen | ConnLine | ConnClosed;

export interface GatewayBatch {
  v: typeof PROTOCOL_VERSION;
  /** The sending gateway's ID. */
  gw: string;
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

export type StateOp = SendOp | CloseOp | RegisteredOp;

export interface DeliveryBatch {
  v: typeof PROTOCOL_VERSION;
  ops: StateOp[];
}

// ── state announcements and queries ────────────────────────────────────────────

/** Published by state when it starts: gateways drop clients that the new instance never knew. */
export interface StateHello {
  v: typeof PROTOCOL_VERSION;
  instance: string;
}

export interface StateInfoRequest {
  v: typeof PROTOCOL_VERSION;
  /** Include the full state snapshot (users, channels) for debugging and tests. */
  snapshot?: boolean;
}

export interface StateInfo {
  v: typeof PROTOCOL_VERSION;
  instance: string;
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

export function encodeEnvelope(value: { v: number }): string {
  return JSON.stringify(value);
}

/** Parses an envelope and checks its version; throws EnvelopeError on anything else. */
export function decodeEnvelope<T extends { v: number }>(data: string): T {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (cause) {
    throw new EnvelopeError('envelope is not valid JSON', { cause });
  }
  if (typeof value !== 'object' || value === null || !('v' in value)) {
    throw new EnvelopeError('envelope has no version field');
  }
  if ((value as { v: unknown }).v !== PROTOCOL_VERSION) {
    throw new EnvelopeError(`envelope version ${String((value as { v: unknown }).v)} is not ${PROTOCOL_VERSION}`);
  }
  return value as T;
}

/**
 * Encodes a batch as one or more envelopes `{"v":1,...head,"<field>":[…]}`, each at most
 * `maxBytes` of UTF-8 (NATS refuses a payload over the server's max_payload, 1 MiB by default,
 * and a busy turn can collect more than that). Items are encoded once; order is kept across
 * the envelopes. An item larger than `maxBytes` on its own still goes out, alone.
 */
export function encodeEnvelopes(
  head: Record<string, unknown>,
  field: string,
  items: readonly unknown[],
  maxBytes: number,
): string[] {
  const prefix = JSON.stringify({ v: PROTOCOL_VERSION, ...head }).slice(0, -1) + `,${JSON.stringify(field)}:[`;
  const overhead = utf8ByteLength(prefix) + 2; // "]}"
  const out: string[] = [];
  let parts: string[] = [];
  let size = overhead;
  for (const item of items) {
    const encoded = JSON.stringify(item);
    const bytes = utf8ByteLength(encoded) + 1; // the comma
    if (parts.length > 0 && size + bytes > maxBytes) {
      out.push(prefix + parts.join(',') + ']}');
      parts = [];
      size = overhead;
    }
    parts.push(encoded);
    size += bytes;
  }
  if (parts.length > 0) out.push(prefix + parts.join(',') + ']}');
  return out;
}
