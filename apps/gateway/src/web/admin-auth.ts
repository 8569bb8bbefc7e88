import { SCRYPT_PARAMS, type OperatorAccount, type UserAccount } from '@portalchat/config';

/**
 * Who may use the admin API (issue 14): the operator accounts of the host file, by HTTP Basic
 * with the OPER name and password. Answers:
 * - `missing` (401): no credentials;
 * - `wrong` (401): an unknown name or a wrong password (the same answer, so names cannot be probed);
 * - `not-operator` (403): the right password of a user account (AUTH/SASL) that is no operator;
 * - `throttled` (429): too many failures from this address lately; nothing is checked;
 * - `ok`: the operator's account.
 *
 * Every check costs one scrypt, even for an unknown name (against a fixed dummy hash), so the
 * answer time does not tell a known name from an unknown one; scrypt's own compare is
 * constant-time (timingSafeEqual).
 */
export type AuthOutcome =
  | { kind: 'ok'; operator: OperatorAccount }
  | { kind: 'missing' | 'wrong' | 'not-operator' }
  | { kind: 'throttled'; retryAfterSeconds: number };

export interface Credentials {
  name: string;
  password: string;
}

/** `Authorization: Basic base64(name:password)` (RFC 7617), or undefined when absent or malformed. */
export function basicCredentials(header: string | undefined): Credentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Failures an address may have within the window before it must wait (then one try per window). */
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 60_000;
/** Addresses remembered at most: a flood from many addresses cannot grow the table without bound. */
const MAX_TRACKED = 10_000;

/** Failed attempts per client address, forgotten a window after the last one. */
export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; last: number }>();

  /** Milliseconds `ip` must still wait, or 0. */
  waitMs(ip: string, now: number): number {
    const entry = this.failures.get(ip);
    if (!entry) return 0;
    if (now - entry.last >= FAILURE_WINDOW_MS) {
      this.failures.delete(ip);
      return 0;
    }
    return entry.count >= MAX_FAILURES ? FAILURE_WINDOW_MS - (now - entry.last) : 0;
  }

  failed(ip: string, now: number): void {
    const entry = this.failures.get(ip);
    if (entry && now - entry.last < FAILURE_WINDOW_MS) {
      entry.count++;
      entry.last = now;
      return;
    }
    if (this.failures.size >= MAX_TRACKED) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    this.failures.set(ip, { count: 1, last: now });
  }

  succeeded(ip: string): void {
    this.failures.delete(ip);
  }
}

/** A hash no password matches in practice, checked for unknown names so they cost what known ones do. */
const DUMMY_HASH = [
  'scrypt',
  SCRYPT_PARAMS.N,
  SCRYPT_PARAMS.r,
  SCRYPT_PARAMS.p,
  Buffer.alloc(SCRYPT_PARAMS.saltBytes, 1).toString('base64'),
  Buffer.alloc(SCRYPT_PARAMS.keyBytes, 0).toString('base64'),
].join('$');

export interface AdminAuthOptions {
  /** The accounts in force (a reload changes them). */
  accounts: () => { operators: readonly OperatorAccount[]; accounts: readonly UserAccount[] };
  /** scrypt off the event loop (verifyPasswordAsync). */
  verify: (password: string, hash: string) => Promise<boolean>;
  clock: () => number;
}

export class AdminAuth {
  private readonly limiter = new FailureLimiter();

  constructor(private readonly opts: AdminAuthOptions) {}

  async check(ip: string, header: string | undefined): Promise<AuthOutcome> {
    const now = this.opts.clock();
    const wait = this.limiter.waitMs(ip, now);
    if (wait > 0) return { kind: 'throttled', retryAfterSeconds: Math.ceil(wait / 1000) };
    const given = basicCredentials(header);
    if (!given) return { kind: 'missing' };
    const { operators, accounts } = this.opts.accounts();
    const operator = operators.find((op) => op.name === given.name);
    const account = operator ? undefined : accounts.find((a) => a.name === given.name);
    const matches = await this.opts.verify(
      given.password,
      operator?.passwordHash ?? account?.passwordHash ?? DUMMY_HASH,
    );
    if (matches && operator) {
      this.limiter.succeeded(ip);
      return { kind: 'ok', operator };
    }
    this.limiter.failed(ip, this.opts.clock());
    return { kind: matches && account ? 'not-operator' : 'wrong' };
  }
}
