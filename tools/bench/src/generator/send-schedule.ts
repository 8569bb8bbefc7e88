/**
 * How many messages a sender should have sent `elapsedMs` into a phase, at `ratePerSec`, capped at
 * `total`. Sender i of n is offset by `phase` = i/n of one interval, so the senders' messages are
 * spread evenly over every interval, the first one included: at the start of a phase no sender is
 * due yet, and the first interval is no denser than any other. (Starting every sender with one
 * message at t=0 made one synchronized burst — a message per sender in the same 2 ms tick — that
 * is not the offered rate, and whose drain time dominated p99 of short phases for every system.)
 */
export function dueBy(elapsedMs: number, ratePerSec: number, phase: number, total: number): number {
  return Math.min(total, Math.floor((elapsedMs / 1000) * ratePerSec + phase));
}

/** Sender i's offset in [0, 1) of an interval; the last sender sends first. */
export function senderPhase(index: number, senders: number): number {
  return index / Math.max(1, senders);
}
