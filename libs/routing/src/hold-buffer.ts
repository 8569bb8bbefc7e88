import type { WireEvent } from './wire-event';

/** How much a hold may keep: past either bound the oldest events go first. 0 events: nothing is held. */
export interface HoldLimits {
  maxEvents: number;
  maxBytes: number;
}

interface OwedEntry {
  wire: WireEvent;
  /** The servers it is still owed to. */
  owed: number[];
}

/**
 * An event for every server made by a portal that has just started: it cannot know yet which
 * servers there are, so the event goes to each one as it appears, until the start-up hold ends.
 */
interface ForAllEntry {
  wire: WireEvent;
  sentTo: Set<number>;
}

type Entry = OwedEntry | ForAllEntry;

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
   * Keeps `wire` for the servers `owed` (nothing for none). Returns how many of the oldest events
   * went to stay within the limits (the new one included when it alone is too big), and whether
   * this is the first overflow since the buffer was last empty (to log once per split).
   */
  add(wire: WireEvent, owed: number[]): { dropped: number; firstOverflow: boolean } {
    if (owed.length === 0) return { dropped: 0, firstOverflow: false };
    return this.push({ wire, owed });
  }

  /** Keeps an event for every server that appears later than those it was `sentTo` already. */
  addForAll(wire: WireEvent, sentTo: Iterable<number>): { dropped: number; firstOverflow: boolean } {
    return this.push({ wire, sentTo: new Set(sentTo) });
  }

  /**
   * The held events owed to servers that are reachable now, in the order they came, targeted at
   * them. A server that is not a `direct` peer (it lies behind another portal) is added to the
   * targets of the first copy that goes out: the portal on the way holds it for that server (it is
   * split pending there too, or unknown to a portal that has just started), and a second copy
   * through that portal would not pass its dedupe. What is owed to direct peers not back yet
   * stays, for a copy of its own on their link. An event for every server goes to each newly
   * reachable one.
   */
  release(reachable: readonly number[], direct: (serverId: number) => boolean): WireEvent[] {
    const out: WireEvent[] = [];
    if (this.count === 0 || reachable.length === 0) return out;
    const isReachable = new Set(reachable);
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (!entry) continue;
      if ('sentTo' in entry) {
        const fresh = reachable.filter((id) => !entry.sentTo.has(id));
        if (fresh.length === 0) continue;
        for (const id of fresh) entry.sentTo.add(id);
        out.push({ ...entry.wire, targets: fresh });
      } else if (entry.owed.some((id) => isReachable.has(id))) {
        const later = entry.owed.filter((id) => !isReachable.has(id) && direct(id));
        out.push({ ...entry.wire, targets: entry.owed.filter((id) => isReachable.has(id) || !direct(id)) });
        if (later.length > 0) entry.owed = later;
        else this.remove(i);
      }
    }
    this.compact();
    return out;
  }

  /**
   * Forgets what is owed to servers that will not come back in time (their split is announced),
   * and with `endOfStart` the events for every server (the start-up hold is over). Returns how
   * many events were dropped that had reached nobody.
   */
  forget(gone: (serverId: number) => boolean, endOfStart = false): number {
    let dropped = 0;
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (!entry) continue;
      if ('sentTo' in entry) {
        if (!endOfStart) continue;
        if (entry.sentTo.size === 0) dropped++;
        this.remove(i);
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

  private push(entry: Entry): { dropped: number; firstOverflow: boolean } {
    this.entries.push(entry);
    this.count++;
    this.byteCount += entry.wire.json.length;
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
