import type { HistoryEntry } from './entry';
import type { HistoryRecord } from './history-index';

/**
 * The records of the host's history stream, as JSON, and their check when read back: the stream
 * is written by this state only, but a damaged or foreign record must be skipped, not crash the start.
 */

export function encodeRecord(record: HistoryRecord): string {
  return JSON.stringify(record);
}

/** The stream's message ID of a record (`Nats-Msg-Id`): JetStream drops a second copy of it. */
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

/** The record in `text`, or undefined when it is not one this version wrote. */
export function decodeRecord(text: string): HistoryRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
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
