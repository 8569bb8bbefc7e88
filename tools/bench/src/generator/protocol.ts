import type { HistogramData } from '../histogram';
import type { Endpoint } from '../systems/types';
import type { DeliveryTally } from './sequence-log';

/**
 * Messages between the coordinator (main process) and a load generator process.
 * Every command carries an `id`; the worker answers once with `{ id, reply }`.
 *
 * Benchmark messages are `PRIVMSG <target> :~<tag> <sender's server> <seq> <send time µs>`;
 * the send time is CLOCK_MONOTONIC (process.hrtime), the same clock in every process. A `numbered`
 * run appends the sender's global client index, so each receiver can keep every sender's sequence
 * (SequenceLog) and `tally` can count loss, duplicates, reordering and pauses per receiver.
 */
export type Command =
  | { op: 'connect'; endpoints: Endpoint[]; firstGlobal: number; count: number; window: number; timeoutMs: number }
  | { op: 'join'; joins: Array<[number, string]>; timeoutMs: number }
  | {
      op: 'run';
      tag: number;
      senders: Array<[number, string]>;
      ratePerSender: number;
      durationMs: number;
      numbered?: boolean;
    }
  | { op: 'stats'; tag: number }
  /** `expect`: [local receiver, global sender]; `sent`: [global sender, messages written]. */
  | { op: 'tally'; expect: Array<[number, number]>; sent: Array<[number, number]>; keptSending: number[] }
  | { op: 'closed' }
  /** Pauses from now on are counted apart from those before (SequenceLog.mark). */
  | { op: 'mark' }
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
  /** Numbered runs: [global sender, messages written to its socket] (none once it closed). */
  written?: Array<[number, number]>;
  /** Numbered runs: global senders whose connection closed before their last message. */
  closedSenders?: number[];
}
export type TallyReply = DeliveryTally;
export interface ClosedReply {
  /** Global indexes of this process's clients whose connection has closed. */
  closed: number[];
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
