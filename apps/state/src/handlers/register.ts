import { formatScramHash, SCRAM_ITERATIONS, type ScramKeys } from '@portalchat/config';
import { ircLower, isValidNick, RPL_LOGGEDIN, type IrcMessage } from '@portalchat/protocol';
import { accountExists, mergeAccount } from '../engine/accounts/store';
import type { PendingCheck, Verdict } from '../engine/auth';
import { targetNick, type CommandContext, type CommandSpec } from '../engine/context';
import { nextRandom } from '../engine/entropy';
import { setAccount } from '../engine/presence-changes';

/**
 * IRCv3 draft/account-registration (https://ircv3.net/specs/extensions/account-registration):
 * `REGISTER <account> <email> <password>` makes an account in the network-wide store
 * (engine/accounts/store.ts) and logs the client in; SASL PLAIN and SCRAM-SHA-256 and IRCX AUTH
 * PLAIN then log in to it on any server. The password never stays: its SCRAM keys are derived
 * off the event loop (the password-check path, guard.ts) and only they are kept.
 *
 * Decisions where the spec leaves room, as Ergo does with no mail server configured:
 * - The account is the client's nick (`*` or the nick; another name: ACCOUNT_NAME_MUST_BE_NICK),
 *   so nobody registers a name someone else is using. No email is needed, and none is kept.
 * - Allowed before connection registration when `auth.registrationBeforeConnect` (cap value
 *   `before-connect`), else COMPLETE_CONNECTION_REQUIRED.
 * - No verification step: REGISTER SUCCESS at once, so VERIFY has nothing to verify.
 */

const MAX_PASSWORD_BYTES = 400;

/** `FAIL <command> <code> <context> :<description>` (IRCv3 standard-replies); a context that is not one word shows as `*`. */
function fail(ctx: CommandContext, command: string, code: string, context: string, description: string): void {
  const word = context !== '' && !context.includes(' ') && !context.startsWith(':') ? context : '*';
  ctx.send({ prefix: ctx.config.server.name, command: 'FAIL', params: [command, code, word, description] });
}

// REGISTER <account> <email> <password>
function handleRegister(ctx: CommandContext, msg: IrcMessage): void {
  const [accountParam = '', , password = ''] = msg.params;
  const { conn, config } = ctx;
  const nick = targetNick(conn);
  const account = accountParam === '*' ? nick : accountParam;
  if (!config.auth.registration) {
    fail(ctx, 'REGISTER', 'TEMPORARILY_UNAVAILABLE', account, 'Account registration is disabled');
    return;
  }
  if (!ctx.user && !config.auth.registrationBeforeConnect) {
    fail(ctx, 'REGISTER', 'COMPLETE_CONNECTION_REQUIRED', account, 'Complete connection registration first');
    return;
  }
  if (nick === '*') {
    fail(ctx, 'REGISTER', 'NEED_NICK', '*', 'Choose a nickname first');
    return;
  }
  if (conn.account !== undefined || ctx.user?.account !== undefined) {
    fail(ctx, 'REGISTER', 'ALREADY_AUTHENTICATED', account, 'You are already logged in');
    return;
  }
  if (ircLower(account) !== ircLower(nick)) {
    fail(ctx, 'REGISTER', 'ACCOUNT_NAME_MUST_BE_NICK', account, 'The account name must be your nickname');
    return;
  }
  // An IRCX Unicode nick (`'…`) is not an account name: SASL and AUTH clients could not type it.
  if (!isValidNick(account, config.limits.nickLength)) {
    fail(ctx, 'REGISTER', 'BAD_ACCOUNT_NAME', account, 'That is not a valid account name');
    return;
  }
  const holder = ctx.state.userByNick(account);
  if (accountExists(ctx.state, config, account) || (holder !== undefined && holder !== ctx.user)) {
    fail(ctx, 'REGISTER', 'ACCOUNT_EXISTS', account, 'Account already exists');
    return;
  }
  if (password === '' || password === '*' || Buffer.byteLength(password) > MAX_PASSWORD_BYTES) {
    fail(ctx, 'REGISTER', 'UNACCEPTABLE_PASSWORD', account, 'That password is not acceptable');
    return;
  }
  const check: PendingCheck = {
    kind: 'register',
    conn: conn.key,
    account,
    salt: nextRandom(ctx.state, 'scram-salt', 16),
    iterations: SCRAM_ITERATIONS,
  };
  ctx.auth.request(conn, check, '', password);
}

/**
 * The keys derived for a REGISTER (engine.passwordVerdict): the account joins the store, goes to
 * the network, and the client is logged in to it (900), now or at connection registration.
 */
export function finishRegister(
  ctx: CommandContext,
  check: Extract<PendingCheck, { kind: 'register' }>,
  verdict: Verdict,
  keys: ScramKeys | undefined,
): void {
  const { conn, config, state } = ctx;
  const { account } = check;
  if (verdict !== 'yes' || !keys) {
    fail(ctx, 'REGISTER', 'TEMPORARILY_UNAVAILABLE', account, 'The account could not be created, try again');
    return;
  }
  // Someone may have taken the name while the keys were derived, here or on another server.
  if (accountExists(state, config, account) || conn.account !== undefined) {
    fail(ctx, 'REGISTER', 'ACCOUNT_EXISTS', account, 'Account already exists');
    return;
  }
  const credentials = formatScramHash({ salt: check.salt, iterations: check.iterations, ...keys });
  const record = { name: account, credentials, registeredAt: ctx.now, serverId: state.serverId };
  mergeAccount(state, record);
  ctx.network.emit({ type: 'account-register', account: record });
  conn.account = account;
  conn.accountLevel = 'user';
  const { user } = ctx;
  // After registration: ACCOUNT to account-notify peers, here and on every server (the one hook).
  if (user) setAccount(ctx, user, account);
  ctx.send({ prefix: config.server.name, command: 'REGISTER', params: ['SUCCESS', account, 'Account created'] });
  const mask = `${targetNick(conn)}!${user?.username ?? conn.pendingUser?.username ?? '*'}@${user?.hostname ?? conn.hostname}`;
  ctx.reply(RPL_LOGGEDIN, mask, account, `You are now logged in as ${account}`);
}

// VERIFY <account> <code>
function handleVerify(ctx: CommandContext, msg: IrcMessage): void {
  const [account = '*'] = msg.params;
  // Registrations complete at once (no email step), so no code is ever pending.
  fail(ctx, 'VERIFY', 'INVALID_CODE', account, 'No verification is pending for that account');
}

export const registerCommands: Record<string, CommandSpec> = {
  REGISTER: { handler: handleRegister, minParams: 3, preRegistration: true },
  VERIFY: { handler: handleVerify, minParams: 2, preRegistration: true },
};
