import type { HistoryEntry } from './entry';
import type { HistoryRecord } from './history-index';

/**
 * The messages of the host's history stream, as JSON, and their check when read back: the stream
 * is written by this state only, but a damaged or foreign record must be skipped, not crash the start.
 *
 * Two formats, told apart by their shape: a version 1 message is one record (`{"type":…}`); a
 * version 2 message is every record of a turn, in order (`{"v":2,"records":[…]}`), split only where
 * it would outgrow a NATS message. One publish per turn instead of one per record costs a PM about a
 * third of state's history work (docs/perf-notes/state.md). A stream written by an older state keeps
 * its version 1 messages, so the loader reads both.
 */

/** The format marker of a many-record message. */
export const BATCH_VERSION = 2;

/**
 * The records of a turn as version 2 messages, in order, each at most `maxBytes` of UTF-8 long. The
 * size is counted in UTF-16 code units, 3 bytes each at worst (no per-record byte count on the hot
 * path). A record longer than that on its own goes alone.
 */
export function encodeRecords(records: readonly HistoryRecord[], maxBytes: number): string[] {
  const maxUnits = Math.floor(maxBytes / 3);
  const head = `{"v":${BATCH_VERSION},"records":[`;
  const messages: string[] = [];
  let parts: string[] = [];
  let size = head.length + 2;
  for (const record of records) {
    const json = JSON.stringify(record);
    if (parts.length > 0 && size + json.length + 1 > maxUnits) {
      messages.push(`${head}${parts.join(',')}]}`);
      parts = [];
      size = head.length + 2;
    }
    parts.push(json);
    size += json.length + 1;
  }
  if (parts.length > 0) messages.push(`${head}${parts.join(',')}]}`);
  return messages;
}

/** A record's identity: the loader finds by it what the stream holds already (app.ts). */
export function recordId(record: HistoryRecord): string {
  return record.type === 'add'
    ? `add ${record.entry.key} ${record.entry.msgid}`
    : `redact ${record.key} ${record.msgid}`;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringRecord = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isString);

const isMultilineLine = (v: unknown): boolean =>
  typeof v === 'object' &&
  v !== null &&
  isString((v as { text?: unknown }).text) &&
  [undefined, true, false].includes((v as { concat?: unknown }).concat as boolean | undefined);

/**
 * What a message of either version holds: its records, in order, and how many of them (or of the
 * message itself) could not be read and were skipped.
 */
export function decodeMessage(text: string): { records: HistoryRecord[]; skipped: number } {
  const value = parse(text);
  if (typeof value === 'object' && value !== null && (value as { v?: unknown }).v === BATCH_VERSION) {
    const listed = (value as { records?: unknown }).records;
    if (!Array.isArray(listed)) return { records: [], skipped: 1 };
    const records: HistoryRecord[] = [];
    for (const item of listed) {
      const record = recordOf(item);
      if (record) records.push(record);
    }
    return { records, skipped: listed.length - records.length };
  }
  const record = recordOf(value);
  return record ? { records: [record], skipped: 0 } : { records: [], skipped: 1 };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function recordOf(value: unknown): HistoryRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (r.type === 'redact') {
    return isString(r.key) && isString(r.msgid) ? { type: 'redact', key: r.key, msgid: r.msgid } : undefined;
  }
  if (r.type !== 'add' || typeof r.entry !== 'object' || r.entry === null) return undefined;
  const e = r.entry as Record<string, unknown>;
  const ok =
    isString(e.key) &&
    isString(e.msgid) &&
    typeof e.time === 'number' &&
    isString(e.command) &&
    isString(e.prefix) &&
    Array.isArray(e.params) &&
    e.params.every(isString) &&
    isString(e.from) &&
    (e.clientTags === undefined || isStringRecord(e.clientTags)) &&
    (e.restrictedTo === undefined || isString(e.restrictedTo)) &&
    (e.parties === undefined || (Array.isArray(e.parties) && e.parties.length === 2 && e.parties.every(isString))) &&
    (e.multiline === undefined || (Array.isArray(e.multiline) && e.multiline.every(isMultilineLine)));
  return ok ? { type: 'add', entry: e as unknown as HistoryEntry } : undefined;
}
