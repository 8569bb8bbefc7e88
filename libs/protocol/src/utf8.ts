/**
 * UTF-8 byte length of a JS string without allocating (no TextEncoder, no Buffer: this lib is pure
 * and runs on the hot path). IRC limits are in bytes on the wire, JS strings are UTF-16.
 * A lone surrogate counts 3 bytes, as TextEncoder writes it as U+FFFD.
 */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * True when `s` needs more than `limit` bytes in UTF-8. Skips counting when the UTF-16 length
 * alone decides it: every code unit is 1..3 bytes, a surrogate pair is 4 bytes for 2 units.
 */
export function exceedsUtf8Bytes(s: string, limit: number): boolean {
  if (s.length > limit) return true;
  if (s.length * 3 <= limit) return false;
  return utf8ByteLength(s) > limit;
}

/**
 * The longest prefix of `s` that fits in `limit` UTF-8 bytes, never splitting a character (a
 * surrogate pair stays whole). `s` itself when it fits.
 */
export function cutToUtf8Bytes(s: string, limit: number): string {
  if (!exceedsUtf8Bytes(s, limit)) return s;
  let bytes = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    const pair = c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    const size = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    if (bytes + size > limit) break;
    bytes += size;
    i += pair ? 2 : 1;
  }
  return s.slice(0, i);
}
