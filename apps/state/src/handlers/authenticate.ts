import {
  ERR_NEEDMOREPARAMS,
  ERR_SASLABORTED,
  ERR_SASLALREADY,
  ERR_SASLFAIL,
  ERR_SASLTOOLONG,
  ERR_UNKNOWNCOMMAND,
  RPL_LOGGEDIN,
  RPL_SASLMECHS,
  RPL_SASLSUCCESS,
  type IrcMessage,
} from '@portalchat/protocol';
import {
  abortAuth,
  appendSaslChunk,
  authInProgress,
  offeredSaslMechanism,
  saslMechanismList,
  splitSaslResponse,
  startAuth,
  stepAuth,
  type AuthOutcome,
} from '../engine/auth';
import { CAP } from '../engine/caps';
import { targetNick, userPrefix, type CommandContext, type CommandSpec } from '../engine/context';
import { setAccount } from '../engine/presence-changes';
import type { Connection } from '../model/types';

/**
 * IRCv3 SASL (https://ircv3.net/specs/extensions/sasl-3.1, sasl-3.2): `AUTHENTICATE <mech>`
 * starts, base64 responses in 400-byte chunks answer the server's challenges, `AUTHENTICATE *`
 * aborts (906). The second front end of the flow IRCX AUTH uses (engine/auth/session.ts): same
 * mechanisms, accounts, failure count and, at registration, the same level → user modes.
 *
 * Decisions where the specs leave room:
 * - Without the `sasl` capability enabled ("The client MUST enable the sasl capability before
 *   using AUTHENTICATE") the command does not exist for the session: 421, as for an IRCX command
 *   in a plain session. Never a SASL numeric, which an IRCX session would read as IRCX 904.
 * - A registered client that is not logged in may authenticate ("Servers SHOULD allow a client,
 *   authenticated or otherwise, to reauthenticate … at any time", sasl-3.2): the login is then
 *   announced as a change of account (ACCOUNT to account-notify peers and extended-monitor
 *   watchers, across the network). An account's level (sysop/admin modes) applies only at
 *   registration, as for AUTH; a client logged in after that uses OPER.
 * - Reauthentication is not supported (sasl-3.2 allows that, with "ERR_SASLALREADY … if changing
 *   accounts is not supported"): 907 once logged in, by SASL or AUTH.
 * - Three failures over AUTH and AUTHENTICATE together close the connection (904, then ERROR),
 *   as sasl-3.2's example does. A mechanism the server does not offer (908 + 904), an abort
 *   (906) and a too-long message (905) are not counted: they test no credentials.
 */

/** The response received so far, while a client sends 400-byte chunks. */
const partial = new WeakMap<Connection, string>();

// AUTHENTICATE <mechanism> | <base64 chunk> | + | *
function handleAuthenticate(ctx: CommandContext, msg: IrcMessage): void {
  const { conn } = ctx;
  if (!conn.caps.has(CAP.sasl)) {
    ctx.reply(ERR_UNKNOWNCOMMAND, 'AUTHENTICATE', 'Unknown command');
    return;
  }
  const param = msg.params[0];
  if (param === undefined || param === '') {
    ctx.reply(ERR_NEEDMOREPARAMS, 'AUTHENTICATE', 'Not enough parameters');
    return;
  }
  if (conn.account !== undefined) {
    ctx.reply(ERR_SASLALREADY, 'You have already authenticated using SASL');
    return;
  }
  if (param === '*') {
    endExchange(conn);
    ctx.reply(ERR_SASLABORTED, 'SASL authentication aborted');
    return;
  }
  if (!authInProgress(conn, 'SASL')) {
    startExchange(ctx, param);
    return;
  }
  const chunk = appendSaslChunk(partial.get(conn) ?? '', param);
  if (chunk.type === 'too-long') {
    endExchange(conn);
    ctx.reply(ERR_SASLTOOLONG, 'SASL message too long');
  } else if (chunk.type === 'more') {
    partial.set(conn, chunk.buffer);
  } else {
    partial.delete(conn);
    renderSaslOutcome(ctx, stepAuth(ctx, 'SASL', chunk.data));
  }
}

/** `AUTHENTICATE <mechanism>`: an unknown one leaves the session as it was (sasl-3.1). */
function startExchange(ctx: CommandContext, name: string): void {
  const mechanism = offeredSaslMechanism(name, ctx.config);
  if (!mechanism) {
    ctx.reply(RPL_SASLMECHS, saslMechanismList(ctx.config), 'are available SASL mechanisms');
    ctx.reply(ERR_SASLFAIL, 'SASL authentication failed');
    return;
  }
  partial.delete(ctx.conn);
  renderSaslOutcome(ctx, startAuth(ctx, 'SASL', mechanism, ''));
}

/** The SASL lines for an outcome of the shared flow (also for a verdict that came later). */
export function renderSaslOutcome(ctx: CommandContext, outcome: AuthOutcome): void {
  const { conn } = ctx;
  switch (outcome.type) {
    case 'pending':
      return;
    case 'continue':
      // No prefix, as the spec's examples and charybdis/solanum send it.
      for (const chunk of splitSaslResponse(outcome.data)) ctx.send({ command: 'AUTHENTICATE', params: [chunk] });
      return;
    case 'success': {
      // SASL mechanisms always name an account (ANON, which does not, is not offered over SASL).
      const account = outcome.account ?? '*';
      const { user } = ctx;
      // After registration (sasl 3.2 allows it): ACCOUNT to account-notify peers network-wide.
      // The account's level (sysop, admin) is granted at registration only. Before registration
      // the account travels with the user's registration instead.
      if (user && outcome.account !== undefined) setAccount(ctx, user, outcome.account);
      const mask = user
        ? userPrefix(user)
        : `${targetNick(conn)}!${conn.pendingUser?.username ?? '*'}@${conn.hostname}`;
      ctx.reply(RPL_LOGGEDIN, mask, account, `You are now logged in as ${account}`);
      ctx.reply(RPL_SASLSUCCESS, 'SASL authentication successful');
      return;
    }
    case 'failure':
      ctx.reply(ERR_SASLFAIL, saslFailureText(outcome));
      if (outcome.suspended) ctx.quit('Too many SASL authentication failures');
  }
}

/** The text of 904: why, when the password was not even checked. */
function saslFailureText(outcome: Extract<AuthOutcome, { type: 'failure' }>): string {
  if (outcome.retryInSeconds !== undefined) {
    return `SASL authentication failed: too many failures, try again in ${outcome.retryInSeconds} seconds`;
  }
  if (outcome.unchecked) return 'SASL authentication failed: the password could not be checked, try again';
  return 'SASL authentication failed';
}

function endExchange(conn: Connection): void {
  partial.delete(conn);
  if (authInProgress(conn, 'SASL')) abortAuth(conn);
}

/**
 * CAP END while a SASL exchange is in progress: "the server SHOULD abort it and send a 906
 * numeric, then register the client without authentication" (sasl-3.1). Called by CAP END.
 */
export function abortSaslExchange(ctx: CommandContext): void {
  if (!authInProgress(ctx.conn, 'SASL')) return;
  endExchange(ctx.conn);
  ctx.reply(ERR_SASLABORTED, 'SASL authentication aborted');
}

export const authenticateCommands: Record<string, CommandSpec> = {
  // minParams 0: a session without `sasl` gets 421 before any 461.
  AUTHENTICATE: { handler: handleAuthenticate, minParams: 0, preRegistration: true },
};
