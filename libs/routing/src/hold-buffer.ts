import type { WireEvent } from './wire-event';

/** How much a hold may keep: past either bound the oldest events go first. 0 events: nothing is held. */
export interface HoldLimits {
  maxEvents: number;
  maxBytes: number;
}

/**
 * Who a held event is still owed to: some servers, or `'all'` for an event meant for every server
 * that was made while no server at all was reachable (a portal that has just started).
 */
export type Owed = readonly number[] | 'all';

interface Entry {
  wire: WireEvent;
  owed: Owed;
}

/**
 * Events a portal could not route because the servers they were for are split pending (issue 11):
 * kept in arrival order, bounded by count and bytes, and handed back in that order when their
 * servers are reachable again. Pure bookkeeping; the switchboard decides what to hold and routes
 * what comes back.
 */
export class HoldBuffer {
  /** Arrival order; `head` skips the entries already taken out, so dropping the oldest is cheap. */
  private entries: (Entry | undefined)[] = [];
  private head = 0;
  private count = 0;
  private byteCount = 0;
  private overflowed = false;

  constructor(private readonly limits: HoldLimits) {}

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.byteCount;
  }

  /**
   * Keeps `wire` for `owed` (nothing for an empty list). Returns how many of the oldest events went
   * to stay within the limits (the new one included when it alone is too big), and whether this is
   * the first overflow since the buffer was last empty (to log once per split).
   */
  add(wire: WireEvent, owed: Owed): { dropped: number; firstOverflow: boolean } {
    if (owed !== 'all' && owed.length === 0) return { dropped: 0, firstOverflow: false };
    this.entries.push({ wire, owed });
    this.count++;
    this.byteCount += wire.json.length;
    let dropped = 0;
    while (this.count > 0 && (this.count > this.limits.maxEvents || this.byteCount > this.limits.maxBytes)) {
      this.takeOldest();
      dropped++;
    }
    const firstOverflow = dropped > 0 && !this.overflowed;
    if (dropped > 0) this.overflowed = true;
    this.compact();
    return { dropped, firstOverflow };
  }

  /**
   * The held events owed to servers that are reachable now, in the order they came, each with its
   * targets narrowed to those servers (`'all'` events go out as they came, to every server).
   * What is still owed to others stays.
   */
  release(reachable: (serverId: number) => boolean, anyReachable: boolean): WireEvent[] {
    const out: WireEvent[] = [];
    if (this.count === 0) return out;
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (!entry) continue;
      if (entry.owed === 'all') {
        if (!anyReachable) continue;
        out.push(entry.wire);
        this.remove(i);
        continue;
      }
      const now = entry.owed.filter(reachable);
      if (now.length === 0) continue;
      out.push({ ...entry.wire, targets: now });
      const later = entry.owed.filter((id) => !reachable(id));
      if (later.length > 0) entry.owed = later;
      else this.remove(i);
    }
    this.compact();
    return out;
  }

  /**
   * Forgets what is owed to servers that will not come back in time (their split is announced),
   * and with `dropAll` the `'all'` events too (a start-up hold that ended with no server back).
   * Returns how many events were dropped whole.
   */
  forget(gone: (serverId: number) => boolean, dropAll = false): number {
    let dropped = 0;
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (!entry) continue;
      if (entry.owed === 'all') {
        if (dropAll) {
          this.remove(i);
          dropped++;
        }
        continue;
      }
      const left = entry.owed.filter((id) => !gone(id));
      if (left.length === entry.owed.length) continue;
      if (left.length > 0) entry.owed = left;
      else {
        this.remove(i);
        dropped++;
      }
    }
    this.compact();
    return dropped;
  }

  private takeOldest(): void {
    while (this.head < this.entries.length && !this.entries[this.head]) this.head++;
    if (this.head < this.entries.length) this.remove(this.head);
  }

  private remove(i: number): void {
    const entry = this.entries[i];
    if (!entry) return;
    this.entries[i] = undefined;
    this.count--;
    this.byteCount -= entry.wire.json.length;
  }

  /** Drops the taken-out slots at the front once they are half the array; resets when empty. */
  private compact(): void {
    if (this.count === 0) {
      this.entries = [];
      this.head = 0;
      this.overflowed = false;
      return;
    }
    while (this.head < this.entries.length && !this.entries[this.head]) this.head++;
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
