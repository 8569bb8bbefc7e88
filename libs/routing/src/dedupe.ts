import type { NetStamp } from '@portalchat/protocol';

/**
 * Remembers which stamped events this portal has already seen, so an event that reaches it twice
 * (a cycle of portals, a re-burst) is passed on only once.
 *
 * Memory is bounded: per origin and epoch it keeps the highest contiguous sequence number (the
 * floor) plus the set of numbers seen above it. Gaps are normal (events targeted at other
 * servers never come here), so when that set outgrows `capacity` its lower half is folded into
 * the floor: an event that old arriving for the first time is then taken for a duplicate, which
 * only a link that lagged by thousands of events could cause.
 */
export class DedupeWindow {
  private readonly origins = new Map<number, Map<number, SeqWindow>>();

  constructor(
    private readonly capacity = 4096,
    /** Epochs remembered per origin: the current run of that server and the one before. */
    private readonly epochsPerOrigin = 2,
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
      window = new SeqWindow(this.capacity);
      epochs.set(stamp.epoch, window);
      if (epochs.size > this.epochsPerOrigin) epochs.delete(Math.min(...epochs.keys()));
    }
    return window.mark(stamp.seq);
  }
}

class SeqWindow {
  /** Every seq ≤ floor counts as seen. */
  private floor = 0;
  private readonly above = new Set<number>();

  constructor(private readonly capacity: number) {}

  mark(seq: number): boolean {
    if (seq <= this.floor || this.above.has(seq)) return false;
    // The usual case on a link: the next number. It moves the floor without a trip through the set.
    if (seq === this.floor + 1) {
      this.floor = seq;
      if (this.above.size > 0) this.advance();
      return true;
    }
    this.above.add(seq);
    if (this.above.size > this.capacity) this.fold();
    return true;
  }

  private advance(): void {
    while (this.above.delete(this.floor + 1)) this.floor++;
  }

  private fold(): void {
    const sorted = [...this.above].sort((a, b) => a - b);
    const cut = sorted[Math.floor(sorted.length / 2)];
    if (cut === undefined) return; // only called with more than `capacity` entries held
    for (const seq of sorted) {
      if (seq > cut) break;
      this.above.delete(seq);
    }
    this.floor = cut;
    this.advance();
  }
}
