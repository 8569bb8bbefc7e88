import { createHash, createHmac, pbkdf2, pbkdf2Sync, timingSafeEqual } from 'node:crypto';

/**
 * SCRAM-SHA-256 credentials (RFC 5802, RFC 7677), stored as
 * `scram-sha-256$<iterations>$<salt base64>$<StoredKey base64>$<ServerKey base64>`: what a server
 * needs to run a SCRAM exchange, and to check a plain password (PLAIN, AUTH) by deriving the same
 * StoredKey. Never the password, nor SaltedPassword or ClientKey, which would let a reader log in.
 * PBKDF2 costs milliseconds: servers derive keys off the event loop (deriveScramKeys).
 */

/** RFC 7677 §4: "at least 4096"; what Ergo uses. */
export const SCRAM_ITERATIONS = 4096;

/** Refuse an iteration count that would take seconds to derive (a typo or a hostile file). */
const MAX_ITERATIONS = 1_000_000;

export interface ScramKeys {
  /** base64 of H(ClientKey). */
  storedKey: string;
  /** base64 of HMAC(SaltedPassword, "Server Key"). */
  serverKey: string;
}

export interface ScramCredentials extends ScramKeys {
  /** base64. */
  salt: string;
  iterations: number;
}

export const SCRAM_PREFIX = 'scram-sha-256$';

export function hmacSha256(key: Buffer, data: string | Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

function keysOf(salted: Buffer): ScramKeys {
  const clientKey = hmacSha256(salted, 'Client Key');
  return {
    storedKey: sha256(clientKey).toString('base64'),
    serverKey: hmacSha256(salted, 'Server Key').toString('base64'),
  };
}

/** StoredKey and ServerKey for `password`, on libuv's thread pool. */
export function deriveScramKeys(password: string, salt: string, iterations: number): Promise<ScramKeys> {
  return new Promise((resolve, reject) => {
    pbkdf2(password.normalize('NFKC'), Buffer.from(salt, 'base64'), iterations, 32, 'sha256', (err, salted) => {
      if (err) reject(err);
      else resolve(keysOf(salted));
    });
  });
}

/** The same, inline: for tools and tests. */
export function deriveScramKeysSync(password: string, salt: string, iterations: number): ScramKeys {
  return keysOf(pbkdf2Sync(password.normalize('NFKC'), Buffer.from(salt, 'base64'), iterations, 32, 'sha256'));
}

export function formatScramHash(cred: ScramCredentials): string {
  return `${SCRAM_PREFIX}${cred.iterations}$${cred.salt}$${cred.storedKey}$${cred.serverKey}`;
}

/** The credentials of a stored `scram-sha-256$…` string, or undefined when it is not one. */
export function parseScramHash(stored: string): ScramCredentials | undefined {
  if (!stored.startsWith(SCRAM_PREFIX)) return undefined;
  const parts = stored.slice(SCRAM_PREFIX.length).split('$');
  if (parts.length !== 4) return undefined;
  const [iterText = '', salt = '', storedKey = '', serverKey = ''] = parts;
  if (!/^\d+$/.test(iterText)) return undefined;
  const iterations = Number(iterText);
  if (iterations < 1 || iterations > MAX_ITERATIONS) return undefined;
  const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
  if (!base64.test(salt) || !base64.test(storedKey) || !base64.test(serverKey)) return undefined;
  if (Buffer.from(storedKey, 'base64').length !== 32 || Buffer.from(serverKey, 'base64').length !== 32)
    return undefined;
  return { iterations, salt, storedKey, serverKey };
}

/** True when `plain` derives the StoredKey of `stored` (a `scram-sha-256$…` string), off the event loop. */
export async function verifyScramPasswordAsync(plain: string, stored: string): Promise<boolean> {
  const cred = parseScramHash(stored);
  if (!cred) return false;
  const { storedKey } = await deriveScramKeys(plain, cred.salt, cred.iterations);
  return timingSafeEqual(Buffer.from(storedKey, 'base64'), Buffer.from(cred.storedKey, 'base64'));
}

/** The same, inline: for tools and tests. */
export function verifyScramPassword(plain: string, stored: string): boolean {
  const cred = parseScramHash(stored);
  if (!cred) return false;
  const { storedKey } = deriveScramKeysSync(plain, cred.salt, cred.iterations);
  return timingSafeEqual(Buffer.from(storedKey, 'base64'), Buffer.from(cred.storedKey, 'base64'));
}
