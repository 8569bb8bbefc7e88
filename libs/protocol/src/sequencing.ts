/**
 * Numbered, acknowledged streams between the services of one host.
 *
 * Core NATS delivers at most once: a message in flight when nats-server or the receiver dies is
 * gone. So every batch that changes state (gateway → state events, state → gateway ops, and the
 * same pair for the portal) carries consecutive item numbers; the sender keeps what it sent
 * (SentLog) until the receiver acknowledges it, and sends it again after a restart or a silence;
 * the receiver (ReceiveCursor) skips what it has already taken and refuses a run that leaves a
 * hole. Sending twice is therefore always safe, and nothing is applied twice or out of order.
 *
 * Items count from 1 per stream; a stream is one sender instance talking to one receiver.
 */

/** A run of consecutive items: the first one's number, and the items. */
export interface NumberedRun<T> {
  first: number;
  items: T[];
}

export interface SentLogData<T> {
  next: number;
  runs: NumberedRun<T>[];
}

/** The sender's side: numbers what it sends and keeps it until acknowledged. */
export class SentLog<T> {
  private next: number;
  private runs: NumberedRun<T>[];
  private keptItems = 0;

  constructor(data?: SentLogData<T>) {
    this.next = data?.next ?? 1;
    this.runs = data?.runs ?? [];
    for (const run of this.runs) this.keptItems += run.items.length;
  }

  /** Numbers `items` after the last ones and keeps them; returns the first one's number. */
  append(items: T[]): number {
    const first = this.next;
    if (items.length === 0) return first;
    this.runs.push({ first, items });
    this.next += items.length;
    this.keptItems += items.length;
    return first;
  }

  /** The receiver has everything up to and including `upTo`: forget it. */
  ack(upTo: number): void {
    // Whole runs first, cut with one splice (a second of a busy fan-out can be a thousand runs).
    let whole = 0;
    let dropped = 0;
    for (const run of this.runs) {
      if (run.first + run.items.length - 1 > upTo) break;
      whole++;
      dropped += run.items.length;
    }
    if (whole > 0) this.runs.splice(0, whole);
    this.keptItems -= dropped;
    const head = this.runs[0];
    if (head !== undefined && upTo >= head.first) {
      const drop = upTo - head.first + 1;
      this.runs[0] = { first: upTo + 1, items: head.items.slice(drop) };
      this.keptItems -= drop;
    }
  }

  /** What is kept after `after` (the receiver's last acknowledged number), in order. */
  after(after: number): NumberedRun<T>[] {
    const out: NumberedRun<T>[] = [];
    for (const run of this.runs) {
      const end = run.first + run.items.length - 1;
      if (end <= after) continue;
      out.push(after >= run.first ? { first: after + 1, items: run.items.slice(after - run.first + 1) } : run);
    }
    return out;
  }

  /** The number of the last item sent (0 before the first). */
  get lastNumber(): number {
    return this.next - 1;
  }

  /** Items sent and not yet acknowledged. */
  get unacknowledged(): number {
    return this.keptItems;
  }

  data(): SentLogData<T> {
    return { next: this.next, runs: this.runs };
  }
}

/** What a receiver does with a run: take its items from `skip` on, or refuse it (`gap`). */
export type RunVerdict = { take: true; skip: number } | { take: false; gap: true };

/** The receiver's side: the last number taken; skips repeats, refuses runs past a hole. */
export class ReceiveCursor {
  constructor(public last = 0) {}

  /** Decides about a run of `count` items numbered from `first`, and advances past what is taken. */
  offer(first: number, count: number): RunVerdict {
    if (first > this.last + 1) return { take: false, gap: true };
    const skip = Math.min(count, this.last + 1 - first);
    this.last = Math.max(this.last, first + count - 1);
    return { take: true, skip };
  }
}
