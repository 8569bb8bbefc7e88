import {
  ERR_ALREADYAUTHENTICATED,
  ERR_ALREADYREGISTERED,
  ERR_AUTHENTICATIONFAILED,
  ERR_AUTHENTICATIONSUSPENDED,
  ERR_NEEDMOREPARAMS,
  ERR_UNKNOWNPACKAGE,
  type IrcMessage,
} from '@portalchat/protocol';
import { abortAuth, offeredMechanism, startAuth, stepAuth, type AuthMechanism, type AuthOutcome } from '../engine/auth';
import type { CommandContext, CommandSpec } from '../engine/context';

/**
 * IRCX AUTH (draft-04 §1.1): `AUTH <mech> I :<data>` starts, `AUTH <mech> S :<data>` continues,
 * `AUTH <mech> *` aborts (910). Before registration only. The front end of the shared flow
 * (engine/auth/session.ts, which AUTHENTICATE uses too): on success the account (and the sysop
 * level it carries) waits on the connection for registration (welcome.ts). Plain IRC
 * sessions get 421 (the command is ircxOnly); they use PASS or SASL.
 */

// AUTH <mechanism> I|S|* [:<data>]
function handleAuth(ctx: CommandContext, msg: IrcMessage): void {
  const [mechName = '', sequence = '', data = ''] = msg.params;
  const { conn } = ctx;
  if (ctx.user) {
    ctx.reply(ERR_ALREADYREGISTERED, 'You may not reregister');
    return;
  }
  if (conn.account !== undefined) {
    ctx.reply(ERR_ALREADYAUTHENTICATED, mechName, 'Already authenticated');
    return;
  }
  const mechanism = offeredMechanism(mechName, ctx.config.ircx.authPackages);
  if (!mechanism) {
    ctx.reply(ERR_UNKNOWNPACKAGE, mechName, 'Unsupported authentication package');
    return;
  }
  const step = sequence.toUpperCase();
  if (step === '*') {
    // The client gave up: 910 as the draft says, not counted as a failed attempt.
    abortAuth(conn);
    ctx.reply(ERR_AUTHENTICATIONFAILED, mechanism.name, 'Authentication failed');
  } else if (step === 'I') {
    renderAuthOutcome(ctx, mechanism, startAuth(ctx, 'AUTH', mechanism, data));
  } else if (step === 'S') {
    renderAuthOutcome(ctx, mechanism, stepAuth(ctx, 'AUTH', data, mechanism));
  } else {
    ctx.reply(ERR_NEEDMOREPARAMS, 'AUTH', 'Not enough parameters');
  }
}

/** The IRCX lines for an outcome of the shared flow (also for a verdict that came later). */
export function renderAuthOutcome(ctx: CommandContext, mechanism: AuthMechanism | string, outcome: AuthOutcome): void {
  const server = ctx.config.server;
  const name = typeof mechanism === 'string' ? mechanism : mechanism.name;
  switch (outcome.type) {
    case 'pending':
      return;
    case 'continue':
      ctx.send({ prefix: server.name, command: 'AUTH', params: [name, 'S', outcome.data] });
      return;
    case 'success': {
      // `AUTH <mech> * <user@domain> <oid>`: OIDs are unsupported, hence 0; a guest is `anonymous`.
      const who = `${outcome.account ?? 'anonymous'}@${server.network}`;
      ctx.send({ prefix: server.name, command: 'AUTH', params: [name, '*', who, '0'] });
      return;
    }
    case 'failure':
      ctx.reply(ERR_AUTHENTICATIONFAILED, name, failureText(outcome));
      if (outcome.suspended) {
        ctx.reply(ERR_AUTHENTICATIONSUSPENDED, name, 'Authentication suspended for this IP');
        ctx.quit('Too many authentication failures');
      }
  }
}

/** The text of 910: why, when the password was not even checked. */
function failureText(outcome: Extract<AuthOutcome, { type: 'failure' }>): string {
  if (outcome.retryInSeconds !== undefined) {
    return `Authentication failed: too many failures, try again in ${outcome.retryInSeconds} seconds`;
  }
  if (outcome.unchecked) return 'Authentication failed: the password could not be checked, try again';
  return 'Authentication failed';
}

export const authCommands: Record<string, CommandSpec> = {
  AUTH: { handler: handleAuth, minParams: 2, preRegistration: true, ircxOnly: true },
};
