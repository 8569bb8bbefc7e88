import { crc32 } from 'node:zlib';

/**
 * The journal's framing: each record is `length (u32 LE) | crc32 of the body (u32 LE) | body`,
 * the body being the record's JSON. A kill -9 can cut the last record short; the checksum also
 * catches a record damaged on disk. Pure: bytes in, records out.
 */

const HEADER_BYTES = 8;

export function frameRecord(json: string): Buffer {
  // One allocation: the body is encoded straight into the frame (this runs once per batch).
  const length = Buffer.byteLength(json, 'utf8');
  const frame = Buffer.allocUnsafe(HEADER_BYTES + length);
  frame.write(json, HEADER_BYTES, 'utf8');
  frame.writeUInt32LE(length, 0);
  frame.writeUInt32LE(crc32(frame.subarray(HEADER_BYTES)), 4);
  return frame;
}

/** What reading a journal found: its records, and how it ended. */
export interface JournalContents {
  records: string[];
  /**
   * `clean`: every byte belongs to a whole record. `torn`: the last record is cut short (the
   * process died while writing it; nothing after it was ever acknowledged). `damaged`: a record
   * whose checksum is wrong, at `offset`: what follows cannot be trusted.
   */
  end: { kind: 'clean' } | { kind: 'torn'; offset: number } | { kind: 'damaged'; offset: number };
}

export function readRecords(bytes: Buffer): JournalContents {
  const records: string[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < HEADER_BYTES) return { records, end: { kind: 'torn', offset } };
    const length = bytes.readUInt32LE(offset);
    const sum = bytes.readUInt32LE(offset + 4);
    const start = offset + HEADER_BYTES;
    if (start + length > bytes.length) return { records, end: { kind: 'torn', offset } };
    const body = bytes.subarray(start, start + length);
    if (crc32(body) !== sum) return { records, end: { kind: 'damaged', offset } };
    records.push(body.toString('utf8'));
    offset = start + length;
  }
  return { records, end: { kind: 'clean' } };
}

/** A snapshot file: a magic line, the crc32 of the payload, the payload (v8-serialised). */
const SNAPSHOT_MAGIC = Buffer.from('portalchat-state-snapshot 1\n', 'latin1');

export function frameSnapshot(payload: Buffer): Buffer {
  const sum = Buffer.allocUnsafe(4);
  sum.writeUInt32LE(crc32(payload), 0);
  return Buffer.concat([SNAPSHOT_MAGIC, sum, payload]);
}

/** The payload of a snapshot file, or why it cannot be used. */
export function unframeSnapshot(file: Buffer): { payload: Buffer } | { problem: string } {
  const head = SNAPSHOT_MAGIC.length;
  if (file.length < head + 4 || !file.subarray(0, head).equals(SNAPSHOT_MAGIC)) {
    return { problem: 'not a snapshot file of this format' };
  }
  const payload = file.subarray(head + 4);
  if (crc32(payload) !== file.readUInt32LE(head)) return { problem: 'checksum mismatch' };
  return { payload };
}
