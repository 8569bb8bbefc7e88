/**
 * Payloads exchanged between the services of one host over NATS (see subjects.ts).
 *
 * PROTOCOL_VERSION: bump when a payload changes incompatibly (a field removed or its meaning
 * changed); adding an optional field does not need a bump. A receiver drops envelopes of another
 * version and logs it, because gateway and state are deployed separately.
 */
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
  line: string;
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
