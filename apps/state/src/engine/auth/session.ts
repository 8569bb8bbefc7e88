import type { Connection } from '../../model/types';
import type { CommandContext } from '../context';
import { eventFeedOf } from '../event-feed';
import type { AuthEnv, AuthMechanism, AuthResult } from './mechanism';
import { implementedMechanism } from './offer';

/**
 * The one authentication flow behind both front ends (IRCX `AUTH`, IRCv3 `AUTHENTICATE`): it
 * starts and steps the mechanism, keeps the exchange on the connection, records the account and
 * its level for registration (handlers/welcome.ts applies the level), and counts failures per
 * connection whichever command produced them. It sends nothing: each front end renders the
 * outcome with its own lines and numerics (910/911 for IRCX, 900/903/904 for SASL), since the
 * 900–908 codes mean different things to the two (libs/protocol/src/ircx-numerics.ts).
 */

/** Which command drives an exchange: a SASL response cannot continue an AUTH exchange, nor back. */
export type AuthFrontEnd = 'AUTH' | 'SASL';

/** Failed attempts after which the connection is closed, as Exchange suspends (911) and sasl-3.2 allows. */
export const MAX_AUTH_FAILURES = 3;

export type AuthOutcome =
  /** Send this challenge and wait for the client's answer. */
  | { type: 'continue'; data: string }
  /** Authenticated; `account` is absent for a guest (ANON). Already recorded on the connection. */
  | { type: 'success'; account?: string }
  /** Refused and counted; `suspended` once MAX_AUTH_FAILURES is reached: close the connection. */
  | { type: 'failure'; suspended: boolean };

/** The front end of each exchange in progress; a WeakMap so nothing outlives the connection. */
const frontEnds = new WeakMap<Connection, AuthFrontEnd>();
/** Failed attempts per connection, both front ends together. */
const failures = new WeakMap<Connection, number>();

function envOf(ctx: CommandContext): AuthEnv {
  return { accounts: ctx.config.accounts };
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
  return settle(ctx, mechanism, mechanism.start(conn, data, envOf(ctx)));
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
    return settle(ctx, expected ?? mechanism, { type: 'failure' });
  }
  current.step++;
  return settle(ctx, mechanism, mechanism.step(conn, data, envOf(ctx)));
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

function settle(ctx: CommandContext, mechanism: AuthMechanism | undefined, result: AuthResult): AuthOutcome {
  const { conn } = ctx;
  if (result.type === 'continue') return result;
  abortAuth(conn);
  if (result.type === 'success') {
    if (result.account === undefined) return { type: 'success' };
    conn.account = result.account;
    conn.accountLevel = result.level;
    return { type: 'success', account: result.account };
  }
  const count = (failures.get(conn) ?? 0) + 1;
  failures.set(conn, count);
  eventFeedOf(ctx.state)?.badAuth(conn, mechanism?.name ?? '*');
  return { type: 'failure', suspended: count >= MAX_AUTH_FAILURES };
}
