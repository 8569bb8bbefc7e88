/**
 * IRCv3 message-tags value escaping (https://ircv3.net/specs/extensions/message-tags#escaping-values)
 * and the server-time format (https://ircv3.net/specs/extensions/server-time).
 */

// Characters that must be escaped in a tag value, in the spec's table order.
const NEEDS_ESCAPE = /[; \\\r\n]/;
const ESCAPABLE = /[; \\\r\n]/g;
const ESCAPES: Record<string, string> = { ';': '\\:', ' ': '\\s', '\\': '\\\\', '\r': '\\r', '\n': '\\n' };
const UNESCAPES: Record<string, string> = { ':': ';', s: ' ', '\\': '\\', r: '\r', n: '\n' };

/** Escapes a raw tag value for the wire: `;` → `\:`, space → `\s`, `\` → `\\`, CR → `\r`, LF → `\n`. */
export function escapeTagValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(ESCAPABLE, (c) => ESCAPES[c] ?? c);
}

/**
 * Reverses escapeTagValue. Per the spec, a `\` before any other character is dropped (`\b` → `b`)
 * and a lone `\` at the end of the value is dropped.
 */
export function unescapeTagValue(value: string): string {
  let i = value.indexOf('\\');
  if (i === -1) return value;
  let out = value.slice(0, i);
  const n = value.length;
  while (i < n) {
    const c = value[i];
    if (c !== '\\') {
      out += c;
      i += 1;
      continue;
    }
    if (i + 1 >= n) break; // trailing lone backslash: dropped
    const next = value.charAt(i + 1);
    out += UNESCAPES[next] ?? next;
    i += 2;
  }
  return out;
}

/**
 * The `time` tag value for a timestamp in ms since the epoch: ISO 8601 in UTC with milliseconds,
 * e.g. `2026-01-01T00:00:00.000Z` ("YYYY-MM-DDThh:mm:ss.sssZ", server-time spec).
 * `ms` is a parameter, not Date.now(): this lib has no clock.
 */
export function formatServerTime(ms: number): string {
  return new Date(ms).toISOString();
}
