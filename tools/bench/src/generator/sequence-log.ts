/**
 * What one client received of one sender's numbered messages (sequence numbers 0, 1, 2 … in the
 * order sent), kept as it arrives, so that loss, duplicates, reordering and the longest pause can
 * be counted afterwards. Pure: the caller gives the arrival time.
 */
export class SequenceLog {
  /** One byte per sequence number seen so far; grows as higher numbers arrive. */
  private seen = new Uint8Array(64);
  private highest = -1;
  private lastAt: number | undefined;
  /** Distinct sequence numbers received. */
  distinct = 0;
  /** Copies of a sequence number already received. */
  duplicates = 0;
  /** First copies that arrived after a higher sequence number had. */
  reordered = 0;
  /** Longest time between two consecutive arrivals (any copy) that ended after the mark, ms. */
  longestGapMs = 0;
  /** The same, of the gaps that ended before the mark (a restart's baseline: the load alone). */
  longestGapBeforeMarkMs = 0;

  /** From now on gaps count as after the mark (one spanning it too: it ends after). */
  mark(): void {
    this.longestGapBeforeMarkMs = Math.max(this.longestGapBeforeMarkMs, this.longestGapMs);
    this.longestGapMs = 0;
  }

  /** The sequence numbers below `sent` that never arrived, as [first, last] runs. */
  missing(sent: number): Array<[number, number]> {
    const runs: Array<[number, number]> = [];
    for (let seq = 0; seq < sent; seq++) {
      if (this.seen[seq] === 1) continue;
      const last = runs.at(-1);
      if (last && last[1] === seq - 1) last[1] = seq;
      else runs.push([seq, seq]);
    }
    return runs;
  }

  record(seq: number, atMs: number): void {
    if (this.lastAt !== undefined) this.longestGapMs = Math.max(this.longestGapMs, atMs - this.lastAt);
    this.lastAt = atMs;
    if (!Number.isInteger(seq) || seq < 0) return;
    if (seq >= this.seen.length) {
      const grown = new Uint8Array(Math.max(seq + 1, this.seen.length * 2));
      grown.set(this.seen);
      this.seen = grown;
    }
    if (this.seen[seq] === 1) {
      this.duplicates++;
      return;
    }
    this.seen[seq] = 1;
    this.distinct++;
    if (seq < this.highest) this.reordered++;
    else this.highest = seq;
  }
}

/** One receiving client's expectation of one sender, for the tally. */
export interface Expectation {
  /** The receiver's connection closed during the phase (its figures are not counted as loss). */
  receiverClosed: boolean;
  /** What it received of the sender; undefined when nothing at all arrived. */
  log: SequenceLog | undefined;
  /** How many messages the sender wrote to its socket. */
  sent: number;
  /** The sender stayed connected to the end: only then is a gap between its messages a pause. */
  senderKeptSending: boolean;
}

/** Loss, duplicates, reordering and pauses over many receiver/sender pairs. */
export interface DeliveryTally {
  /** Receiver/sender pairs counted (the receiver stayed connected). */
  pairs: number;
  /** Pairs left out because the receiver's connection closed. */
  closedPairs: number;
  expected: number;
  lost: number;
  duplicated: number;
  reordered: number;
  longestPauseMs: number;
  /** The longest pause that ended before the mark (Fleet.mark): what the load alone caused. */
  longestPauseBeforeMarkMs: number;
  /** Pairs whose longest pause was over PAUSE_LIMIT_MS. */
  pausesOverLimit: number;
}

/** The bound on the longest pause a client may see while a service restarts. */
export const PAUSE_LIMIT_MS = 2000;

export const EMPTY_TALLY: DeliveryTally = {
  pairs: 0,
  closedPairs: 0,
  expected: 0,
  lost: 0,
  duplicated: 0,
  reordered: 0,
  longestPauseMs: 0,
  longestPauseBeforeMarkMs: 0,
  pausesOverLimit: 0,
};

export function tally(expectations: Iterable<Expectation>): DeliveryTally {
  const out = { ...EMPTY_TALLY };
  for (const e of expectations) {
    if (e.receiverClosed) {
      out.closedPairs++;
      continue;
    }
    out.pairs++;
    out.expected += e.sent;
    // More distinct numbers than the sender wrote cannot be: count no negative loss.
    out.lost += Math.max(0, e.sent - (e.log?.distinct ?? 0));
    out.duplicated += e.log?.duplicates ?? 0;
    out.reordered += e.log?.reordered ?? 0;
    if (e.senderKeptSending && e.log) {
      out.longestPauseMs = Math.max(out.longestPauseMs, e.log.longestGapMs);
      out.longestPauseBeforeMarkMs = Math.max(out.longestPauseBeforeMarkMs, e.log.longestGapBeforeMarkMs);
      if (e.log.longestGapMs > PAUSE_LIMIT_MS) out.pausesOverLimit++;
    }
  }
  return out;
}

/** Tallies of disjoint sets of pairs (one per generator process) as one. */
export function mergeTallies(tallies: readonly DeliveryTally[]): DeliveryTally {
  return tallies.reduce(
    (sum, t) => ({
      pairs: sum.pairs + t.pairs,
      closedPairs: sum.closedPairs + t.closedPairs,
      expected: sum.expected + t.expected,
      lost: sum.lost + t.lost,
      duplicated: sum.duplicated + t.duplicated,
      reordered: sum.reordered + t.reordered,
      longestPauseMs: Math.max(sum.longestPauseMs, t.longestPauseMs),
      longestPauseBeforeMarkMs: Math.max(sum.longestPauseBeforeMarkMs, t.longestPauseBeforeMarkMs),
      pausesOverLimit: sum.pausesOverLimit + t.pausesOverLimit,
    }),
    EMPTY_TALLY,
  );
}
