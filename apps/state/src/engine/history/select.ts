import { compareEntries, type HistoryEntry } from './entry';

/**
 * The CHATHISTORY selections (https://ircv3.net/specs/extensions/chathistory) over one target's
 * entries, sorted by (time, msgid). Bounds are exclusive; results come oldest first. `visible`
 * filters before the limit counts (privacy, event-playback), so a client gets `limit` lines it may see.
 */

/** A message reference: `msgid=` (an entry of this target) or `timestamp=`. */
export type HistoryRef = { kind: 'msgid'; msgid: string } | { kind: 'timestamp'; time: number };

/** A reference as points in the (time, msgid) order: entries before `lo` are before it, after `hi` after it. */
interface Span {
  lo: Point;
  hi: Point;
}
type Point = Pick<HistoryEntry, 'time' | 'msgid'>;

/** The last char of the BMP sorts after every msgid, '' before every one. */
const AFTER_ALL = '\uffff';

export type Visible = (entry: HistoryEntry) => boolean;

/** Resolves a reference on a target; undefined for a msgid this target does not hold. */
export function spanOf(ref: HistoryRef, byId: ReadonlyMap<string, HistoryEntry>): Span | undefined {
  if (ref.kind === 'timestamp') return { lo: { time: ref.time, msgid: '' }, hi: { time: ref.time, msgid: AFTER_ALL } };
  const entry = byId.get(ref.msgid);
  return entry ? { lo: entry, hi: entry } : undefined;
}

/** Index of the first entry not before `p`. */
function lowerBound(list: readonly HistoryEntry[], p: Point): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const entry = list[mid];
    if (entry && compareEntries(entry, p) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first entry after `p`. */
function upperBound(list: readonly HistoryEntry[], p: Point): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const entry = list[mid];
    if (entry && compareEntries(entry, p) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Up to `limit` visible entries of [from, to), the first ones (forward) or the last ones (backward), oldest first. */
function take(
  list: readonly HistoryEntry[],
  from: number,
  to: number,
  limit: number,
  backward: boolean,
  visible: Visible,
): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  if (limit <= 0) return out;
  if (backward) {
    for (let i = to - 1; i >= from && out.length < limit; i--) {
      const entry = list[i];
      if (entry && visible(entry)) out.push(entry);
    }
    return out.reverse();
  }
  for (let i = from; i < to && out.length < limit; i++) {
    const entry = list[i];
    if (entry && visible(entry)) out.push(entry);
  }
  return out;
}

/** LATEST: the most recent entries, after `span` when given. */
export function latest(list: readonly HistoryEntry[], span: Span | undefined, limit: number, visible: Visible) {
  return take(list, span ? upperBound(list, span.hi) : 0, list.length, limit, true, visible);
}

export function before(list: readonly HistoryEntry[], span: Span, limit: number, visible: Visible) {
  return take(list, 0, lowerBound(list, span.lo), limit, true, visible);
}

export function after(list: readonly HistoryEntry[], span: Span, limit: number, visible: Visible) {
  return take(list, upperBound(list, span.hi), list.length, limit, false, visible);
}

/**
 * BETWEEN: the entries strictly between the two references, counted from the first one: forward
 * when it is the older, backward (the newest ones) when it is the newer.
 */
export function between(list: readonly HistoryEntry[], start: Span, end: Span, limit: number, visible: Visible) {
  if (compareEntries(start.lo, end.lo) <= 0) {
    return take(list, upperBound(list, start.hi), lowerBound(list, end.lo), limit, false, visible);
  }
  return take(list, upperBound(list, end.hi), lowerBound(list, start.lo), limit, true, visible);
}

/**
 * AROUND: about half before the reference and the rest from it on; a msgid reference's own entry
 * is in the middle (limit 1 gives just it, limit 3 one on each side), as in Ergo.
 */
export function around(list: readonly HistoryEntry[], span: Span, limit: number, visible: Visible) {
  const split = lowerBound(list, span.lo);
  const older = take(list, 0, split, Math.floor(limit / 2), true, visible);
  const newer = take(list, split, list.length, limit - older.length, false, visible);
  return [...older, ...newer];
}
