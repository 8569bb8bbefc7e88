import type { HistogramData } from '../histogram';
import type { Endpoint } from '../systems/types';

/**
 * Messages between the coordinator (main process) and a load generator process.
 * Every command carries an `id`; the worker answers once with `{ id, reply }`.
 *
 * Benchmark messages are `PRIVMSG <target> :~<tag> <sender's server> <seq> <send time µs>`;
 * the send time is CLOCK_MONOTONIC (process.hrtime), the same clock in every process.
 */
export type Command =
  | { op: 'connect'; endpoints: Endpoint[]; firstGlobal: number; count: number; window: number; timeoutMs: number }
  | { op: 'join'; joins: Array<[number, string]>; timeoutMs: number }
  | { op: 'run'; tag: number; senders: Array<[number, string]>; ratePerSender: number; durationMs: number }
  | { op: 'stats'; tag: number }
  | { op: 'cpu' }
  | { op: 'close' };

export interface ConnectReply {
  registered: number;
  failed: number;
  elapsedMs: number;
  latency: HistogramData;
}
export interface JoinReply {
  joined: number;
  failed: number;
}
export interface RunReply {
  sent: number;
  elapsedMs: number;
}
export interface StatsReply {
  received: number;
  /** Deliveries of other tags that arrived meanwhile (a previous step's backlog). */
  stale: number;
  same: HistogramData;
  cross: HistogramData;
  /** Clients whose connection closed (a server dropped them). */
  closed: number;
}
export interface CpuReply {
  userUs: number;
  systemUs: number;
}

export type WorkerMessage = { id: number; reply: unknown } | { progress: string };

/** Nick of the client with global index `g` (≤ 9 characters: ngircd's default NICKLEN). */
export function nickOf(g: number): string {
  return `b${g.toString(36)}`;
}
