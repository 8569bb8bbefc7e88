import {
  ERR_ALREADYAUTHENTICATED,
  ERR_ALREADYREGISTERED,
  ERR_AUTHENTICATIONFAILED,
  ERR_AUTHENTICATIONSUSPENDED,
  ERR_NEEDMOREPARAMS,
  ERR_UNKNOWNPACKAGE,
  type IrcMessage,
} from '@portalchat/protocol';
import type { CommandSpec } from '../commands/registry';
import { offeredMechanism, type AuthMechanism, type AuthResult } from '../engine/auth';
import type { CommandContext } from '../engine/context';
import { eventFeedOf } from '../engine/event-feed';
import type { Connection } from '../model/types';

/**
 * IRCX AUTH (draft-04 §1.1): `AUTH <mech> I :<data>` starts, `AUTH <mech> S :<data>` continues,
 * `AUTH <mech> *` aborts (910). Before registration only. On success the account (and the sysop
 * level it carries) waits on the connection for registration (engine/welcome.ts). Plain IRC
 * sessions get 421 (the command is ircxOnly); they use PASS.
 */

/** Failed attempts after which the connection is closed (911, then ERROR), as Exchange suspends. */
export const MAX_AUTH_FAILURES = 3;

/** Failed attempts per connection; a WeakMap so nothing outlives the connection. */
const failures = new WeakMap<Connection, number>();

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
  const env = { accounts: ctx.config.accounts };
  let result: AuthResult;
  if (sequence === '*') {
    // The client gave up: 910 as the draft says, not counted as a failed attempt.
    conn.authInProgress = undefined;
    ctx.reply(ERR_AUTHENTICATIONFAILED, mechanism.name, 'Authentication failed');
    return;
  } else if (sequence.toUpperCase() === 'I') {
    conn.authInProgress = { mechanism: mechanism.name, step: 0 };
    result = mechanism.start(conn, data, env);
  } else if (sequence.toUpperCase() === 'S') {
    const current = conn.authInProgress;
    // A continuation without a start, or of another mechanism, cannot succeed.
    if (!current || current.mechanism !== mechanism.name) result = { type: 'failure' };
    else {
      current.step++;
      result = mechanism.step(conn, data, env);
    }
  } else {
    ctx.reply(ERR_NEEDMOREPARAMS, 'AUTH', 'Not enough parameters');
    return;
  }
  finish(ctx, mechanism, result);
}

function finish(ctx: CommandContext, mechanism: AuthMechanism, result: AuthResult): void {
  const { conn } = ctx;
  const server = ctx.config.server;
  if (result.type === 'continue') {
    ctx.send({ prefix: server.name, command: 'AUTH', params: [mechanism.name, 'S', result.data] });
    return;
  }
  conn.authInProgress = undefined;
  if (result.type === 'success') {
    if (result.account !== undefined) {
      conn.account = result.account;
      conn.accountLevel = result.level;
    }
    // `AUTH <mech> * <user@domain> <oid>`: OIDs are unsupported, hence 0; a guest is `anonymous`.
    const who = `${result.account ?? 'anonymous'}@${server.network}`;
    ctx.send({ prefix: server.name, command: 'AUTH', params: [mechanism.name, '*', who, '0'] });
    return;
  }
  const count = (failures.get(conn) ?? 0) + 1;
  failures.set(conn, count);
  eventFeedOf(ctx.state)?.badAuth(conn, mechanism.name);
  ctx.reply(ERR_AUTHENTICATIONFAILED, mechanism.name, 'Authentication failed');
  if (count >= MAX_AUTH_FAILURES) {
    ctx.reply(ERR_AUTHENTICATIONSUSPENDED, mechanism.name, 'Authentication suspended for this IP');
    ctx.quit('Too many authentication failures');
  }
}

export const authCommands: Record<string, CommandSpec> = {
  AUTH: { handler: handleAuth, minParams: 2, preRegistration: true, ircxOnly: true },
};
