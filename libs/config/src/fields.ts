import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Field builders for schema.ts. Every issue a field can raise carries the same message: the
 * "what was expected" half of `<file>: <path>: expected <what>, got <what>` (problems.ts adds the
 * rest), so a user sees one consistent description whether the value had the wrong type or was
 * out of range.
 */

/** Any integer in [min, max]; the message reads `integer ≥ 1` or `integer 1–65535`. */
export function integer(min: number, max?: number) {
  const what = max === undefined ? `integer ≥ ${min}` : `integer ${min}–${max}`;
  const base = z.number({ error: what }).int({ error: what }).min(min, { error: what });
  return max === undefined ? base : base.max(max, { error: what });
}

/** A positive number that may be fractional (rates). */
export function positiveNumber() {
  const what = 'number > 0';
  return z.number({ error: what }).positive({ error: what });
}

export function port() {
  return integer(1, 65535);
}

/** IPv4/IPv6 literal or `localhost`; names would need DNS, which a config check must not do. */
export function host() {
  const what = 'an IPv4/IPv6 address or "localhost"';
  return z.string({ error: what }).refine((h) => h === 'localhost' || isIP(h) !== 0, { error: what });
}

/**
 * A host to connect to: an IP literal, `localhost` or a DNS name (RFC 1123 labels of letters,
 * digits and `-`, at most 253 characters). Only the syntax is checked; the name is resolved when
 * the connection is made, so a config check works offline.
 */
export function hostOrDnsName() {
  const what = 'an IPv4/IPv6 address or a DNS name';
  return z.string({ error: what }).refine((h) => isIP(h) !== 0 || isDnsName(h), { error: what });
}

const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** `chatsrv3.example.net` (a trailing dot allowed); at least one letter, so `1.2.3` is no name. */
export function isDnsName(name: string): boolean {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (bare.length === 0 || bare.length > 253 || !/[A-Za-z]/.test(bare)) return false;
  return bare.split('.').every((label) => DNS_LABEL.test(label));
}

/** A string matching `pattern`; `what` describes the rule in words. */
export function matching(pattern: RegExp, what: string) {
  return z.string({ error: what }).regex(pattern, { error: what });
}

/**
 * A secret matching `pattern`: a bad one is described by its length, never shown (no secret in
 * an error message: it would reach the logs of whoever runs `--check`).
 */
export function secretText(pattern: RegExp, what: string) {
  return z.string({ error: what }).superRefine((value, ctx) => {
    if (pattern.test(value)) return;
    ctx.addIssue({
      code: 'custom',
      message: what,
      params: { got: `a value of ${value.length} characters (not shown)` },
    });
  });
}

export function text(what = 'a string') {
  return z.string({ error: what });
}

export function nonEmptyText(what: string) {
  return z.string({ error: what }).min(1, { error: what });
}

export function boolean() {
  return z.boolean({ error: 'true or false' });
}

export function list<T extends z.ZodType>(item: T, what: string) {
  return z.array(item, { error: what });
}

/** Server names: 1–63 letters, digits, `.`, `-`, `_` (they appear in prefixes and LINKS). */
export const SERVER_NAME = /^[A-Za-z0-9._-]{1,63}$/;
/** Portal names, per types.ts: 1–63 letters, digits, `_`, `-`, not starting with a digit. */
export const PORTAL_NAME = /^[A-Za-z_-][A-Za-z0-9_-]{0,62}$/;
/** Gateway IDs become a NATS subject token (`chat.<sid>.gw.<id>.out`), so no dots or wildcards. */
export const GATEWAY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** OPER names: one IRC parameter, so no spaces, no leading `:`. */
export const OPERATOR_NAME = /^[^\s:][^\s]{0,63}$/;
/** `scrypt$N$r$p$salt$hash` (hashPassword()) or `scram-sha-256$i$salt$StoredKey$ServerKey` (scram.ts), base64 parts. */
export const PASSWORD_HASH =
  /^(scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}|scram-sha-256\$\d+(\$[A-Za-z0-9+/]+={0,2}){3})$/;

/**
 * A strict object: unknown keys are errors, so `maxConnection:` is caught instead of silently
 * ignored. The message holds one line per unknown key, in `keys` order, each with a hint (the
 * closest known field, or the list of known fields); problems.ts splits them into one problem each.
 */
export function strictObject<S extends z.ZodRawShape>(shape: S, what = 'a mapping of fields') {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code !== 'unrecognized_keys') return what;
      return iss.keys.map((key) => unknownKeyHint(key, known)).join('\n');
    },
  });
}

function unknownKeyHint(key: string, known: string[]): string {
  const closest = closestKey(key, known);
  if (closest !== undefined) return `did you mean "${closest}"?`;
  return `known fields here: ${known.join(', ')}`;
}

/** The known key nearest to `key` by edit distance (case-insensitive), if it is near enough to be a typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const tolerance = Math.max(2, Math.floor(key.length / 3));
  // A distance as long as the key itself means nothing in common: no suggestion.
  return bestDistance <= tolerance && bestDistance < key.length ? best : undefined;
}

/** Levenshtein distance; keys are short, so the O(n·m) table is fine. */
function editDistance(a: string, b: string): number {
  // Row i holds the distances from a's first i characters to each prefix of b; only the row
  // above (`previous`) and the cells left and up-left of the current one are needed.
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let distance = b.length; // the last cell of the latest row
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let left = i; // current[j - 1]
    let diagonal = i - 1; // previous[j - 1]
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      if (above === undefined) break; // every row has b.length + 1 cells
      left = Math.min(above + 1, left + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(left);
      diagonal = above;
    }
    previous = current;
    distance = left;
  }
  return distance;
}
