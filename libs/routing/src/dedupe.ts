import type { NetStamp } from '@portalchat/protocol';

/**
 * Remembers which stamped events this portal has already seen, so an event that reaches it twice
 * (a cycle of portals, a re-burst) is passed on only once.
 *
 * Memory is bounded: per origin and epoch it keeps the highest contiguous sequence number (the
 * floor) plus the set of numbers seen above it. Gaps are normal (events targeted at other
 * servers never come here), so the floor must move past them, but only once nothing below it can
 * still come: a number not seen `maxLagMs` after a later number of the same origin arrived is
 * taken as never coming (numbers are given in sending order). Counting alone is not enough: a
 * burst of thousands of events can overtake live events queued behind it on the same link, and a
 * fold by count then took those for duplicates (docs/perf-notes/portalloss.md). `capacity` stays
 * as the hard bound, far above what the lag bound holds at chat rates; without a clock (a
 * `now` that stands still) only it applies.
 */
export class DedupeWindow {
  private readonly origins = new Map<number, Map<number, SeqWindow>>();

  constructor(
    private readonly capacity = 1 << 18,
    /** Epochs remembered per origin: the current run of that server and the one before. */
    private readonly epochsPerOrigin = 2,
    /** Milliseconds, for the lag bound (this library reads no clock of its own); without it only `capacity` bounds. */
    private readonly now?: () => number,
    private readonly maxLagMs = DEFAULT_MAX_LAG_MS,
  ) {}

  /** True the first time a stamp is offered, false for every repeat. */
  firstSeen(stamp: NetStamp): boolean {
    let epochs = this.origins.get(stamp.origin);
    if (!epochs) {
      epochs = new Map();
      this.origins.set(stamp.origin, epochs);
    }
    let window = epochs.get(stamp.epoch);
    if (!window) {
      // An epoch older than every one kept belongs to a run long gone: treat it as seen.
      if (epochs.size >= this.epochsPerOrigin && [...epochs.keys()].every((e) => e > stamp.epoch)) return false;
      window = new SeqWindow(this.capacity, this.now ? this.maxLagMs : undefined);
      epochs.set(stamp.epoch, window);
      if (epochs.size > this.epochsPerOrigin) epochs.delete(Math.min(...epochs.keys()));
    }
    return window.mark(stamp.seq, this.now?.() ?? 0);
  }
}

/**
 * How long a gap below a seen number stays open. Longer than a burst's queue on a busy link (2.9 s
 * measured at 5,000 clients); at 10,000 events a second from one origin the window then holds
 * 100,000 numbers, about 3 MB.
 */
const DEFAULT_MAX_LAG_MS = 10_000;

class SeqWindow {
  /** Every seq ≤ floor counts as seen. */
  private floor = 0;
  private readonly above = new Set<number>();
  /** The numbers added to `above`, in arrival order, and when each came: the lag bound's queue. */
  private arrivals: number[] = [];
  private arrivedAt: number[] = [];
  private head = 0;
  /** The lag bound is checked about ten times per maxLagMs: each check walks the whole set. */
  private nextExpiry = 0;

  constructor(
    private readonly capacity: number,
    private readonly maxLagMs: number | undefined,
  ) {}

  mark(seq: number, now: number): boolean {
    if (seq <= this.floor || this.above.has(seq)) return false;
    // The usual case on a link: the next number. It moves the floor without a trip through the set.
    if (seq === this.floor + 1) {
      this.floor = seq;
      if (this.above.size > 0) this.advance();
      return true;
    }
    this.above.add(seq);
    if (this.maxLagMs !== undefined) {
      this.arrivals.push(seq);
      this.arrivedAt.push(now);
      if (now >= this.nextExpiry) this.expire(now, this.maxLagMs);
    }
    if (this.above.size > this.capacity) this.fold();
    return true;
  }

  private advance(): void {
    while (this.above.delete(this.floor + 1)) this.floor++;
  }

  /** Moves the floor past the gaps below numbers that arrived more than maxLagMs ago. */
  private expire(now: number, maxLagMs: number): void {
    this.nextExpiry = now + maxLagMs / 10;
    let cut = this.floor;
    while (this.head < this.arrivals.length && now - (this.arrivedAt[this.head] ?? now) > maxLagMs) {
      cut = Math.max(cut, this.arrivals[this.head] ?? 0);
      this.head++;
    }
    if (this.head * 2 >= this.arrivals.length) {
      this.arrivals = this.arrivals.slice(this.head);
      this.arrivedAt = this.arrivedAt.slice(this.head);
      this.head = 0;
    }
    if (cut > this.floor) this.raiseFloor(cut);
  }

  /** The hard bound: the lower half of what is held goes into the floor. */
  private fold(): void {
    const sorted = [...this.above].sort((a, b) => a - b);
    const cut = sorted[Math.floor(sorted.length / 2)];
    if (cut !== undefined) this.raiseFloor(cut);
  }

  private raiseFloor(cut: number): void {
    for (const seq of this.above) if (seq <= cut) this.above.delete(seq);
    this.floor = cut;
    this.advance();
  }
}
