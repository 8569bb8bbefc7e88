import { compareEntries, entrySize, type HistoryEntry } from './entry';
import { MinHeap } from './min-heap';

/** What the index keeps, from the host file's `history` section. */
export interface HistoryLimits {
  maxMessages: number;
  maxAgeSeconds: number;
  maxBytes: number;
}

/** A change for the adapter to make durable (the host's JetStream stream), in the order made. */
export type HistoryRecord = { type: 'add'; entry: HistoryEntry } | { type: 'redact'; key: string; msgid: string };

interface Target {
  /** Sorted by (time, msgid): the same order on every server. The first `head` are gone already. */
  list: HistoryEntry[];
  /**
   * How many entries at the front of `list` are evicted but not yet cut off. Eviction takes a
   * target's oldest entry; cutting it off at once moves the whole array (about 0.1 ms per message
   * at 100,000 entries in one channel), so the front is cut off in one go once it is half the list.
   */
  head: number;
  byId: Map<string, HistoryEntry>;
}

/** The smallest evicted front worth cutting off (a copy of the rest). */
const MIN_CUT = 64;

/** Redacted msgids remembered, so a netjoin burst from a side that missed a REDACT does not bring the message back. */
const MAX_TOMBSTONES = 10_000;

/**
 * The history of every target this server stores, in memory: pure and deterministic (time comes
 * from the entries and the caller), so a journal replay rebuilds it alike. Bounded by count, age
 * and bytes over all targets together; the oldest by (time, msgid) go first, whatever order they
 * were stored in: a restart stores the journal's entries before the older ones of the stream, and
 * a netjoin burst brings older ones late, yet every server keeps the same newest entries. New
 * entries and redactions wait in `pending` for the adapter to append them to the host's stream.
 */
export class HistoryIndex {
  private readonly targets = new Map<string, Target>();
  /**
   * Every live entry (and some gone ones) by (time, msgid, key): eviction takes them from the top.
   * A heap, not a sorted array: other servers' entries arrive older than ours (issue 15).
   */
  private readonly queue = new MinHeap<HistoryEntry>(evictionOrder);
  private bytes = 0;
  private count = 0;
  private readonly gone = new WeakSet<HistoryEntry>();
  private pending: HistoryRecord[] = [];
  /** `key msgid` of redacted entries, oldest first (bounded by MAX_TOMBSTONES). */
  private readonly tombstones = new Set<string>();

  constructor(private readonly limits: HistoryLimits) {}

  get size(): number {
    return this.count;
  }

  /**
   * Stores an entry unless its target holds that msgid already (a replayed event, a journal replay
   * over a loaded stream). `persist` false for entries loaded from the stream itself. Returns
   * whether it was new.
   */
  add(entry: HistoryEntry, now: number, persist = true): boolean {
    // Usually none: no key string to build and hash per entry then.
    if (this.tombstones.size > 0 && this.tombstones.has(`${entry.key} ${entry.msgid}`)) return false;
    let target = this.targets.get(entry.key);
    if (!target) this.targets.set(entry.key, (target = { list: [], head: 0, byId: new Map() }));
    if (target.byId.has(entry.msgid)) return false;
    target.byId.set(entry.msgid, entry);
    insertSorted(target, entry);
    this.queue.push(entry);
    this.count++;
    this.bytes += entrySize(entry);
    if (persist) this.pending.push({ type: 'add', entry });
    this.evict(now);
    return true;
  }

  /** The entries of a target, sorted, and its msgid lookup; undefined when it has none. */
  target(key: string): { list: readonly HistoryEntry[]; byId: ReadonlyMap<string, HistoryEntry> } | undefined {
    const target = this.targets.get(key);
    if (target) cutFront(target);
    return target;
  }

  find(key: string, msgid: string): HistoryEntry | undefined {
    return this.targets.get(key)?.byId.get(msgid);
  }

  /** Removes a redacted entry; `persist` false when applying the stream's own record. */
  redact(key: string, msgid: string, persist = true): boolean {
    this.bury(key, msgid);
    const entry = this.targets.get(key)?.byId.get(msgid);
    if (!entry) return false;
    this.remove(entry);
    if (persist) this.pending.push({ type: 'redact', key, msgid });
    return true;
  }

  /** Remembers a redaction, so the entry is not stored again (a burst, the stream loaded after the journal). */
  private bury(key: string, msgid: string): void {
    const id = `${key} ${msgid}`;
    this.tombstones.delete(id);
    this.tombstones.add(id);
    if (this.tombstones.size > MAX_TOMBSTONES) {
      const oldest = this.tombstones.values().next().value;
      if (oldest !== undefined) this.tombstones.delete(oldest);
    }
  }

  /**
   * What a netjoin burst carries: for each target `include` accepts, its newest `perTarget`
   * entries, oldest first, and the redactions remembered for such targets (`[key, msgid]`).
   */
  burstView(
    include: (key: string) => boolean,
    perTarget: number,
  ): { entries: HistoryEntry[]; redacted: [string, string][] } {
    const entries: HistoryEntry[] = [];
    for (const [key, target] of this.targets) {
      if (include(key)) entries.push(...target.list.slice(Math.max(target.head, target.list.length - perTarget)));
    }
    const redacted: [string, string][] = [];
    for (const id of this.tombstones) {
      const space = id.indexOf(' ');
      const key = id.slice(0, space);
      if (include(key)) redacted.push([key, id.slice(space + 1)]);
    }
    return { entries, redacted };
  }

  /** The keys of the targets with entries, and the time of each one's newest entry (TARGETS). */
  *latestByTarget(): IterableIterator<[string, HistoryEntry]> {
    for (const [key, target] of this.targets) {
      const last = target.list[target.list.length - 1];
      if (last) yield [key, last];
    }
  }

  /** Hands the changes made since the last call to the adapter. */
  drainPending(): HistoryRecord[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** Drops entries past any of the limits, the oldest by (time, msgid) first. */
  evict(now: number): void {
    const oldest = now - this.limits.maxAgeSeconds * 1000;
    for (let entry = this.queue.peek(); entry; entry = this.queue.peek()) {
      if (!this.gone.has(entry)) {
        const over = this.count > this.limits.maxMessages || this.bytes > this.limits.maxBytes || entry.time < oldest;
        if (!over) break;
        this.remove(entry);
      }
      this.queue.pop();
    }
    // Redacted entries stay in the heap until they reach its top: drop them now and then so it
    // does not grow without end.
    if (this.queue.size > 1024 && this.queue.size > 2 * this.count) this.queue.retain((e) => !this.gone.has(e));
  }

  private remove(entry: HistoryEntry): void {
    const target = this.targets.get(entry.key);
    if (!target || target.byId.get(entry.msgid) !== entry) return;
    target.byId.delete(entry.msgid);
    if (target.list[target.head] === entry) {
      target.head++;
      if (target.head >= MIN_CUT && target.head * 2 >= target.list.length) cutFront(target);
    } else {
      const at = target.list.indexOf(entry, target.head);
      if (at >= 0) target.list.splice(at, 1);
    }
    if (target.byId.size === 0) this.targets.delete(entry.key);
    this.gone.add(entry);
    this.count--;
    this.bytes -= entrySize(entry);
  }
}

/**
 * The eviction order: (time, msgid), then the target, so that entries equal but for their target
 * leave in the same order on every server, whatever order they were stored in.
 */
function evictionOrder(a: HistoryEntry, b: HistoryEntry): number {
  const byEntry = compareEntries(a, b);
  if (byEntry !== 0) return byEntry;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Drops the evicted front of a target's list. */
function cutFront(target: Target): void {
  if (target.head === 0) return;
  target.list = target.list.slice(target.head);
  target.head = 0;
}

/** Puts `entry` into the target's list (sorted by compareEntries) after its equals; appending is the usual case. */
function insertSorted(target: Target, entry: HistoryEntry): void {
  const last = target.list[target.list.length - 1];
  if (!last || (target.list.length > target.head && compareEntries(last, entry) <= 0)) {
    target.list.push(entry);
    return;
  }
  // Older than something kept: among the kept ones, after the evicted front.
  cutFront(target);
  target.list.splice(insertionPoint(target.list, entry), 0, entry);
}

function insertionPoint(list: readonly HistoryEntry[], entry: HistoryEntry): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = list[mid];
    if (at && compareEntries(at, entry) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
