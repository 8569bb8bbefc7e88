import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { SCRAM_PREFIX, verifyScramPassword, verifyScramPasswordAsync } from './scram';

/**
 * Operator passwords, stored as `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`.
 * tools/hash-password.js repeats these few lines in plain Node (no build needed); keep the
 * two in step — passwords.spec.ts checks that a hash from the script verifies here.
 */
export const SCRYPT_PARAMS = { N: 16384, r: 8, p: 1, saltBytes: 16, keyBytes: 64 } as const;

/** Refuse hashes whose cost would take seconds or gigabytes to check (a typo or a hostile file). */
const MAX_N = 1 << 20;
const MAX_RP = 64;

export function hashPassword(plain: string): string {
  const { N, r, p, saltBytes, keyBytes } = SCRYPT_PARAMS;
  const salt = randomBytes(saltBytes);
  const hash = scryptSync(plain, salt, keyBytes, { N, r, p });
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/**
 * True when `plain` matches `stored`. A malformed `stored` gives false rather than throwing, so
 * one bad operator entry cannot crash OPER handling. Runs scrypt synchronously (~40 ms at the
 * default cost): for tools and tests; a server checks with verifyPasswordAsync.
 */
export function verifyPassword(plain: string, stored: string): boolean {
  // Accounts made with REGISTER keep SCRAM-SHA-256 credentials instead (scram.ts).
  if (stored.startsWith(SCRAM_PREFIX)) return verifyScramPassword(plain, stored);
  const parsed = parseHash(stored);
  if (parsed === undefined) return false;
  const { N, r, p, salt, hash } = parsed;
  const actual = scryptSync(plain, salt, hash.length, { N, r, p, maxmem: maxmemFor(N, r) });
  return timingSafeEqual(actual, hash);
}

/**
 * verifyPassword on libuv's thread pool: the caller's event loop stays free while scrypt runs.
 * Resolves false for a malformed `stored`, as verifyPassword does.
 */
export function verifyPasswordAsync(plain: string, stored: string): Promise<boolean> {
  if (stored.startsWith(SCRAM_PREFIX)) return verifyScramPasswordAsync(plain, stored);
  const parsed = parseHash(stored);
  if (parsed === undefined) return Promise.resolve(false);
  const { N, r, p, salt, hash } = parsed;
  return new Promise((resolve, reject) => {
    scrypt(plain, salt, hash.length, { N, r, p, maxmem: maxmemFor(N, r) }, (err, actual) => {
      if (err) reject(err);
      else resolve(timingSafeEqual(actual, hash));
    });
  });
}

/** scrypt needs about 128·N·r bytes; raise Node's 32 MiB default when the parameters need it. */
function maxmemFor(N: number, r: number): number {
  return Math.max(32 * 1024 * 1024, 256 * N * r);
}

function parseHash(stored: string): { N: number; r: number; p: number; salt: Buffer; hash: Buffer } | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6) return undefined;
  // Six parts, so the defaults never apply.
  const [algorithm, nText = '', rText = '', pText = '', saltText = '', hashText = ''] = parts;
  if (algorithm !== 'scrypt') return undefined;
  const N = decimal(nText);
  const r = decimal(rText);
  const p = decimal(pText);
  const isPowerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!isPowerOfTwo || N > MAX_N || !(r >= 1 && r <= MAX_RP) || !(p >= 1 && p <= MAX_RP)) return undefined;
  const salt = Buffer.from(saltText, 'base64');
  const hash = Buffer.from(hashText, 'base64');
  if (salt.length === 0 || hash.length < 16) return undefined;
  return { N, r, p, salt, hash };
}

/** A run of decimal digits as a number; NaN for anything else (NaN fails every range check). */
function decimal(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : NaN;
}
