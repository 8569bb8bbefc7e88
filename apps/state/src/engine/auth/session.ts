import type { Connection } from '../../model/types';
import type { CommandContext } from '../context';
import { findLoginAccount } from '../accounts/store';
import { nextRandom } from '../entropy';
import { eventFeedOf } from '../event-feed';
import type { PendingCheck, Verdict } from './guard';
import type { AuthEnv, AuthMechanism, AuthResult } from './mechanism';
import { implementedMechanism } from './offer';

/**
 * The one authentication flow behind both front ends (IRCX `AUTH`, IRCv3 `AUTHENTICATE`): it
 * starts and steps the mechanism, keeps the exchange on the connection, has passwords checked off
 * the event loop (guard.ts), records the account and its level for registration
 * (handlers/welcome.ts applies the level), and counts failures per connection and per IP
 * whichever command produced them. It sends nothing: each front end renders the outcome with its
 * own lines and numerics (910/911 for IRCX, 900/903/904 for SASL), since the 900–908 codes mean
 * different things to the two (libs/protocol/src/ircx-numerics.ts).
 */

/** Which command drives an exchange: a SASL response cannot continue an AUTH exchange, nor back. */
export type AuthFrontEnd = 'AUTH' | 'SASL';

/** Failed attempts after which the connection is closed, as Exchange suspends (911) and sasl-3.2 allows. */
export const MAX_AUTH_FAILURES = 3;

export type AuthOutcome =
  /** Send this challenge and wait for the client's answer. */
  | { type: 'continue'; data: string }
  /** The password is being checked: send nothing yet; finishLogin gives the outcome. */
  | { type: 'pending' }
  /** Authenticated; `account` is absent for a guest (ANON). Already recorded on the connection. */
  | { type: 'success'; account?: string }
  /**
   * Refused; `suspended` once MAX_AUTH_FAILURES is reached: close the connection. `retryInSeconds`:
   * refused unchecked by the back-off; `unchecked`: the check was lost (a restart), try again.
   */
  | { type: 'failure'; suspended: boolean; retryInSeconds?: number; unchecked?: boolean };

/** The front end of each exchange in progress; a WeakMap so nothing outlives the connection. */
const frontEnds = new WeakMap<Connection, AuthFrontEnd>();

function envOf(ctx: CommandContext): AuthEnv {
  return {
    accounts: ctx.config.accounts,
    find: (name) => findLoginAccount(ctx.state, ctx.config, name),
    random: (label) => nextRandom(ctx.state, label),
    waitMs: () => ctx.auth.waitMs(ctx.conn, ctx.now),
  };
}

/** Starts an exchange with `mechanism` (replacing any other in progress). */
export function startAuth(
  ctx: CommandContext,
  frontEnd: AuthFrontEnd,
  mechanism: AuthMechanism,
  data: string,
): AuthOutcome {
  const { conn } = ctx;
  conn.authInProgress = { mechanism: mechanism.name, step: 0 };
  frontEnds.set(conn, frontEnd);
  return settle(ctx, frontEnd, mechanism, mechanism.start(conn, data, envOf(ctx)));
}

/**
 * The client's answer to a challenge. AUTH names the mechanism on every line (`expected`); a
 * continuation without a start, from the other front end, or of another mechanism cannot succeed.
 */
export function stepAuth(
  ctx: CommandContext,
  frontEnd: AuthFrontEnd,
  data: string,
  expected?: AuthMechanism,
): AuthOutcome {
  const { conn } = ctx;
  const current = conn.authInProgress;
  const mechanism = current && frontEnds.get(conn) === frontEnd ? implementedMechanism(current.mechanism) : undefined;
  if (!current || !mechanism || (expected !== undefined && expected !== mechanism)) {
    return settle(ctx, frontEnd, expected ?? mechanism, { type: 'failure' });
  }
  current.step++;
  return settle(ctx, frontEnd, mechanism, mechanism.step(conn, data, envOf(ctx)));
}

/**
 * The verdict on a password a `verify` result asked about (engine.passwordVerdict calls this
 * through handlers/password-verdict.ts): the outcome the front end renders now.
 */
export function finishLogin(
  ctx: CommandContext,
  check: Extract<PendingCheck, { kind: 'login' }>,
  verdict: Verdict,
): AuthOutcome {
  const mechanism = implementedMechanism(check.mechanism);
  if (verdict === 'unchecked') {
    abortAuth(ctx.conn);
    return { type: 'failure', suspended: false, unchecked: true };
  }
  const result: AuthResult =
    verdict === 'yes' ? { type: 'success', account: check.account, level: check.level } : { type: 'failure' };
  return settle(ctx, check.frontEnd, mechanism, result, check.account);
}

/** Whether `frontEnd` has an exchange in progress on this connection. */
export function authInProgress(conn: Connection, frontEnd: AuthFrontEnd): boolean {
  return conn.authInProgress !== undefined && frontEnds.get(conn) === frontEnd;
}

/** Drops the exchange in progress: the client gave up (not a failed attempt). */
export function abortAuth(conn: Connection): void {
  conn.authInProgress = undefined;
  frontEnds.delete(conn);
}

/** `checked`: the account whose password was checked and found wrong (a verdict of `no`). */
function settle(
  ctx: CommandContext,
  frontEnd: AuthFrontEnd,
  mechanism: AuthMechanism | undefined,
  result: AuthResult,
  checked?: string,
): AuthOutcome {
  const { conn } = ctx;
  if (result.type === 'continue') return result;
  // A `verify` comes from a mechanism, so `mechanism` is known here.
  if (result.type === 'verify' && mechanism) return requestCheck(ctx, frontEnd, mechanism, result);
  abortAuth(conn);
  if (result.type === 'verify') return { type: 'failure', suspended: false };
  if (result.type === 'success') {
    ctx.auth.succeeded(conn);
    if (result.account === undefined) return { type: 'success' };
    conn.account = result.account;
    conn.accountLevel = result.level;
    return { type: 'success', account: result.account };
  }
  const mechanismName = frontEnd === 'AUTH' ? 'auth' : 'sasl';
  if (result.retryInSeconds !== undefined) {
    // Refused unchecked by the back-off, as requestCheck does: not counted.
    ctx.auth.refused(conn, { mechanism: mechanismName, name: result.name ?? '*' });
    return { type: 'failure', suspended: false, retryInSeconds: result.retryInSeconds };
  }
  const name = checked ?? result.name;
  const wrongPassword = checked !== undefined || result.checked === true;
  const reason = wrongPassword ? 'wrong-password' : result.name !== undefined ? 'unknown-name' : 'invalid';
  ctx.auth.failed(conn, ctx.now, { mechanism: mechanismName, name: name ?? '*', reason });
  eventFeedOf(ctx.state)?.badAuth(conn, mechanism?.name ?? '*');
  return { type: 'failure', suspended: ctx.auth.failuresOf(conn) >= MAX_AUTH_FAILURES };
}

/**
 * A password to check: refused unchecked while the connection or its IP must wait (not counted:
 * a client retrying too soon does not lengthen its own wait), else handed to the guard.
 */
function requestCheck(
  ctx: CommandContext,
  frontEnd: AuthFrontEnd,
  mechanism: AuthMechanism,
  result: Extract<AuthResult, { type: 'verify' }>,
): AuthOutcome {
  const { conn } = ctx;
  const waitMs = ctx.auth.waitMs(conn, ctx.now);
  if (waitMs > 0) {
    abortAuth(conn);
    ctx.auth.refused(conn, { mechanism: frontEnd === 'AUTH' ? 'auth' : 'sasl', name: result.account });
    return { type: 'failure', suspended: false, retryInSeconds: Math.ceil(waitMs / 1000) };
  }
  const check: PendingCheck = {
    kind: 'login',
    conn: conn.key,
    frontEnd,
    mechanism: mechanism.name,
    account: result.account,
    level: result.level,
  };
  ctx.auth.request(conn, check, result.passwordHash, result.password);
  return { type: 'pending' };
}
