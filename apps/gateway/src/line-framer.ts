import { MAX_LINE_BYTES, MAX_TAGS_BYTES, unescapeTagValue } from '@portalchat/protocol';

/** What the framer yields, in arrival order. */
export type FramedItem =
  | { kind: 'line'; line: string }
  /**
   * A line over the limits was dropped up to its terminator; the client gets 417, labeled with
   * the line's `label` tag when it had one (labeled-response).
   */
  | { kind: 'oversized'; label?: string };

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const AT = 0x40;

/** The non-tag part of a line, without its CR-LF (Modern IRC: 512 bytes including CR-LF). */
const MAX_BODY_BYTES = MAX_LINE_BYTES - 2;

/**
 * True when `bytes` (a whole line, or the start of one) is over the limits: the tag section
 * (`@…` plus its separating space) over MAX_TAGS_BYTES, or the rest over MAX_BODY_BYTES.
 * Both limits are in bytes on the wire, so this runs before decoding.
 */
export function exceedsLineLimits(bytes: Uint8Array): boolean {
  let bodyStart = 0;
  if (bytes[0] === AT) {
    const space = bytes.indexOf(SPACE);
    // No space yet: everything so far is tags, and the space that ends them still has to fit.
    if (space === -1) return bytes.length + 1 > MAX_TAGS_BYTES;
    if (space + 1 > MAX_TAGS_BYTES) return true;
    bodyStart = space + 1;
  }
  return bytes.length - bodyStart > MAX_BODY_BYTES;
}

/** labeled-response: "labels MUST NOT be longer than 64 bytes" is the spec's advice; we take up to that. */
const MAX_LABEL_BYTES = 64;

/**
 * The `label` tag of a line too long to parse, read from the start of its tag section (`start`:
 * the bytes the framer still holds of it). Only complete tags count: a tag section cut short
 * loses its last, unfinished tag. Undefined when there is none, or it is empty or too long.
 */
export function labelOfOversized(start: Uint8Array): string | undefined {
  if (start[0] !== AT) return undefined;
  const space = start.indexOf(SPACE);
  const end = Math.min(space === -1 ? start.length : space, MAX_TAGS_BYTES);
  const tags = Buffer.from(start.buffer, start.byteOffset + 1, Math.max(0, end - 1))
    .toString('utf8')
    .split(';');
  if (space === -1 || space > MAX_TAGS_BYTES) tags.pop();
  const raw = tags.find((tag) => tag.startsWith('label='))?.slice('label='.length);
  if (raw === undefined || raw === '' || Buffer.byteLength(raw) > MAX_LABEL_BYTES) return undefined;
  return unescapeTagValue(raw);
}

/**
 * Turns a client's byte stream into lines. Pure (no socket): bytes in, complete lines out.
 *
 * - A line ends at CR, LF or CR-LF (RFC 1459 §8 asks servers to accept either alone); empty lines
 *   (such as the gap inside CR-LF) are skipped, as Modern IRC says empty messages are ignored.
 * - Memory is bounded: the unfinished line is never kept past the limits. Once it is over them
 *   the framer reports it as oversized and discards bytes until the next terminator.
 * - Input is decoded as UTF-8; invalid sequences become U+FFFD, so binary garbage is harmless.
 * - NUL bytes are kept: a line holding one is refused by state's parser with a numeric (issue 12;
 *   stripping them here made `PRIV\0MSG` run as PRIVMSG).
 */
export class LineFramer {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private discarding = false;

  push(chunk: Buffer): FramedItem[] {
    const out: FramedItem[] = [];
    let start = 0;
    // Cached positions of the next CR and LF, so a chunk is scanned once per byte value.
    let nextCr = chunk.indexOf(CR);
    let nextLf = chunk.indexOf(LF);
    while (start < chunk.length) {
      if (nextCr !== -1 && nextCr < start) nextCr = chunk.indexOf(CR, start);
      if (nextLf !== -1 && nextLf < start) nextLf = chunk.indexOf(LF, start);
      const end = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextCr, nextLf);
      if (end === -1) {
        this.keepPartial(chunk.subarray(start), out);
        break;
      }
      this.endLine(chunk.subarray(start, end), out);
      start = end + 1;
    }
    return out;
  }

  /** Bytes held for the unfinished line (bounded by the limits). */
  get bufferedBytes(): number {
    return this.partBytes;
  }

  private endLine(tail: Buffer, out: FramedItem[]): void {
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    const bytes = this.parts.length === 0 ? tail : Buffer.concat([...this.parts, tail]);
    this.parts = [];
    this.partBytes = 0;
    if (bytes.length === 0) return;
    if (exceedsLineLimits(bytes)) {
      out.push(oversized(bytes));
      return;
    }
    out.push({ kind: 'line', line: bytes.toString('utf8') });
  }

  private keepPartial(rest: Buffer, out: FramedItem[]): void {
    if (this.discarding || rest.length === 0) return;
    // Copy: the socket may reuse its chunk's memory, and a small copy frees the big chunk.
    this.parts.push(Buffer.from(rest));
    this.partBytes += rest.length;
    // Below the body limit no line can be oversized yet; skip the concat.
    if (this.partBytes <= MAX_BODY_BYTES) return;
    let whole = this.parts[0];
    if (whole === undefined || this.parts.length > 1) {
      whole = Buffer.concat(this.parts);
      this.parts = [whole];
    }
    if (exceedsLineLimits(whole)) {
      out.push(oversized(whole));
      this.parts = [];
      this.partBytes = 0;
      this.discarding = true;
    }
  }
}

function oversized(start: Uint8Array): FramedItem {
  const label = labelOfOversized(start);
  return label === undefined ? { kind: 'oversized' } : { kind: 'oversized', label };
}
