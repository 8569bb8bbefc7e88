import { compareEntries, entrySize, type HistoryEntry } from './entry';

/** What the index keeps, from the host file's `history` section. */
export interface HistoryLimits {
  maxMessages: number;
  maxAgeSeconds: number;
  maxBytes: number;
}

/** A change for the adapter to make durable (the host's JetStream stream), in the order made. */
export type HistoryRecord = { type: 'add'; entry: HistoryEntry } | { type: 'redact'; key: string; msgid: string };

interface Target {
  /** Sorted by (time, msgid): the same order on every server. */
  list: HistoryEntry[];
  byId: Map<string, HistoryEntry>;
}

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
  /** Every live entry (and some gone ones) sorted by (time, msgid): eviction walks it from the front. */
  private queue: HistoryEntry[] = [];
  private head = 0;
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
    if (!target) this.targets.set(entry.key, (target = { list: [], byId: new Map() }));
    if (target.byId.has(entry.msgid)) return false;
    target.byId.set(entry.msgid, entry);
    insertSorted(target.list, entry, 0);
    insertSorted(this.queue, entry, this.head);
    this.count++;
    this.bytes += entrySize(entry);
    if (persist) this.pending.push({ type: 'add', entry });
    this.evict(now);
    return true;
  }

  /** The entries of a target, sorted, and its msgid lookup; undefined when it has none. */
  target(key: string): { list: readonly HistoryEntry[]; byId: ReadonlyMap<string, HistoryEntry> } | undefined {
    return this.targets.get(key);
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
      if (include(key)) entries.push(...target.list.slice(-perTarget));
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

  /** Drops entries past any of the limits, oldest stored first. */
  evict(now: number): void {
    const oldest = now - this.limits.maxAgeSeconds * 1000;
    while (this.head < this.queue.length) {
      const entry = this.queue[this.head];
      if (!entry) break;
      if (this.gone.has(entry)) {
        this.head++;
        continue;
      }
      const over = this.count > this.limits.maxMessages || this.bytes > this.limits.maxBytes || entry.time < oldest;
      if (!over) break;
      this.remove(entry);
      this.head++;
    }
    // Compact the queue now and then so it does not grow without end.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head).filter((e) => !this.gone.has(e));
      this.head = 0;
    }
  }

  private remove(entry: HistoryEntry): void {
    const target = this.targets.get(entry.key);
    if (!target || target.byId.get(entry.msgid) !== entry) return;
    target.byId.delete(entry.msgid);
    const at = target.list.indexOf(entry);
    if (at >= 0) target.list.splice(at, 1);
    if (target.list.length === 0) this.targets.delete(entry.key);
    this.gone.add(entry);
    this.count--;
    this.bytes -= entrySize(entry);
  }
}

/** Puts `entry` into `list` (sorted by compareEntries from `from` on) after its equals; appending is the usual case. */
function insertSorted(list: HistoryEntry[], entry: HistoryEntry, from: number): void {
  const last = list[list.length - 1];
  if (list.length <= from || !last || compareEntries(last, entry) <= 0) list.push(entry);
  else list.splice(insertionPoint(list, entry, from), 0, entry);
}

function insertionPoint(list: readonly HistoryEntry[], entry: HistoryEntry, from: number): number {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = list[mid];
    if (at && compareEntries(at, entry) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
