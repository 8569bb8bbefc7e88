/**
 * The `rfc1459` casemapping (Modern IRC, ISUPPORT CASEMAPPING): ASCII A-Z fold to a-z and, because
 * of RFC 1459's Scandinavian origin, `[ ] \ ~` fold to `{ } | ^`. Non-ASCII is left alone.
 *
 * Called for every nick and channel lookup, so it avoids regexes and allocation when the string
 * is already folded (the common case: most names are typed in lower case).
 */

// FOLD[c] is the folded char code for c < 128.
const FOLD: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) table[c] = c;
  for (let c = 0x41; c <= 0x5a; c++) table[c] = c + 0x20; // A-Z → a-z
  table[0x5b] = 0x7b; // [ → {
  table[0x5d] = 0x7d; // ] → }
  table[0x5c] = 0x7c; // \ → |
  table[0x7e] = 0x5e; // ~ → ^
  return table;
})();

function fold(c: number): number {
  return c < 128 ? (FOLD[c] ?? c) : c;
}

/** Folds `s` under rfc1459 casemapping; returns `s` itself when nothing changes. */
export function ircLower(s: string): string {
  const n = s.length;
  let first = 0;
  while (first < n) {
    const c = s.charCodeAt(first);
    if (c < 128 && FOLD[c] !== c) break;
    first++;
  }
  if (first === n) return s;
  let out = s.slice(0, first);
  for (let i = first; i < n; i++) out += String.fromCharCode(fold(s.charCodeAt(i)));
  return out;
}

/** True when `a` and `b` are the same name under rfc1459 casemapping (no allocation). */
export function ircEquals(a: string, b: string): boolean {
  if (a === b) return true;
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && fold(x) !== fold(y)) return false;
  }
  return true;
}
