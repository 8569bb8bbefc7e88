import { ircLower } from './casemapping';

/**
 * IRC glob matching for ban masks, WHO/LIST patterns and the like: `*` matches any run of
 * characters (also none), `?` exactly one; case-insensitive under rfc1459 casemapping.
 *
 * Iterative with one backtrack point (the last `*`), so it runs in O(pattern × text) at worst and
 * never builds a RegExp from user input (a ban mask like `*a*a*a*a*b` cannot blow up).
 * `?` matches one Unicode code point, not one UTF-16 unit, so `?` also matches an emoji.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  const p = ircLower(pattern);
  const t = ircLower(text);
  // Strings index by UTF-16 unit; only split into code points when a surrogate is present.
  if (HAS_SURROGATE.test(p) || HAS_SURROGATE.test(t)) return globMatch(Array.from(p), Array.from(t));
  return globMatch(p, t);
}

const HAS_SURROGATE = /[\uD800-\uDFFF]/;

function globMatch(p: ArrayLike<string>, t: ArrayLike<string>): boolean {
  let pi = 0;
  let ti = 0;
  let starPi = -1; // pattern index just after the last `*` seen
  let starTi = 0; // text index that `*` is currently assumed to extend to
  while (ti < t.length) {
    const pc = pi < p.length ? p[pi] : undefined;
    if (pc === '*') {
      starPi = ++pi;
      starTi = ti;
    } else if (pc !== undefined && (pc === '?' || pc === t[ti])) {
      pi++;
      ti++;
    } else if (starPi !== -1) {
      // Mismatch: let the last `*` swallow one more character and retry from there.
      pi = starPi;
      ti = ++starTi;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
