import {
  ERR_ALREADYREGISTERED,
  ERR_ERRONEUSNICKNAME,
  ERR_INVALIDUSERNAME,
  ERR_NEEDMOREPARAMS,
  ERR_NICKNAMEINUSE,
  ERR_NONICKNAMEGIVEN,
  ERR_NOORIGIN,
  isValidNick,
  type IrcMessage,
} from '@portalchat/protocol';
import type { CommandContext, CommandSpec } from '../engine/context';
import { announceNick, originStamp } from '../engine/announce';
import { eventFeedOf } from '../engine/event-feed';
import { tryCompleteRegistration } from './welcome';
import { capCommands } from './cap';
import { checkServerPassword } from './server-password';

/** Connection registration and liveness: PASS NICK USER (CAP in cap.ts) PING PONG QUIT. */

function alreadyRegistered(ctx: CommandContext): boolean {
  if (!ctx.user) return false;
  ctx.reply(ERR_ALREADYREGISTERED, 'You may not reregister');
  return true;
}

// PASS <password>
function pass(ctx: CommandContext, msg: IrcMessage): void {
  if (alreadyRegistered(ctx)) return;
  const passwordHash = ctx.config.server.passwordHash;
  // No server password configured: the password is kept but not checked.
  if (passwordHash === undefined) ctx.conn.password = msg.params[0];
  else checkServerPassword(ctx, passwordHash, msg.params[0] ?? '');
}

// NICK <nickname>
function nick(ctx: CommandContext, msg: IrcMessage): void {
  const wanted = msg.params[0] ?? '';
  if (wanted === '') {
    ctx.reply(ERR_NONICKNAMEGIVEN, 'No nickname given');
    return;
  }
  // IRCX sessions may take `'` Unicode nicks; plain ones only RFC nicks (draft-04 §2.2).
  if (!isValidNick(wanted, ctx.config.limits.nickLength, { unicode: ctx.conn.ircx })) {
    ctx.reply(ERR_ERRONEUSNICKNAME, wanted, 'Erroneous nickname');
    return;
  }
  const user = ctx.user;
  const holder = ctx.state.userByNick(wanted);
  if (holder && holder !== user) {
    ctx.reply(ERR_NICKNAMEINUSE, wanted, 'Nickname is already in use');
    return;
  }
  if (!user) {
    ctx.conn.pendingNick = wanted;
    tryCompleteRegistration(ctx);
    return;
  }
  if (wanted === user.nick) return; // nothing changes; a case-only change does go through
  // The user and everyone sharing a channel see it once each.
  const stamp = originStamp(ctx);
  announceNick(ctx, ctx.state, user, wanted, stamp);
  eventFeedOf(ctx.state)?.userNick(user, wanted);
  ctx.state.renameUser(user, wanted, ctx.now);
  ctx.out.registered(ctx.conn, wanted, user.modes.has('o'));
  ctx.network.emit({ type: 'nick', uid: user.uid, nick: wanted, nickTs: user.nickTs, ...stamp });
}

// USER <username> <mode> <unused> :<realname>
function user(ctx: CommandContext, msg: IrcMessage): void {
  if (alreadyRegistered(ctx)) return;
  if (ctx.conn.pendingUser) {
    ctx.reply(ERR_ALREADYREGISTERED, 'You may not reregister');
    return;
  }
  const [rawUsername = '', , , realname = ''] = msg.params;
  // Modern IRC: an empty <username> (or realname, as ergo and InspIRCd check) is 461, even when
  // the empty parameter is present.
  if (rawUsername === '' || realname === '') {
    ctx.reply(ERR_NEEDMOREPARAMS, 'USER', 'Not enough parameters');
    return;
  }
  const username = cleanUsername(rawUsername, ctx.config.limits.userLength);
  if (username === '') {
    // Given but without one usable character (e.g. all emoji): 468 like ergo and InspIRCd.
    ctx.reply(ERR_INVALIDUSERNAME, 'Your username is not valid');
    return;
  }
  ctx.conn.pendingUser = { username, realname };
  tryCompleteRegistration(ctx);
}

/**
 * The username users see: there is no ident (RFC 1413) lookup, so like ident-less servers we mark
 * the client-supplied name with a leading '~' ("not verified"); the '~' counts toward USERLEN.
 * Characters that would make `nick!user@host` ambiguous are dropped.
 */
export function cleanUsername(raw: string, userLength: number): string {
  const safe = raw.replace(/[^A-Za-z0-9_.\-[\]\\`^{}|]/g, '');
  if (safe === '') return '';
  return `~${safe.slice(0, Math.max(1, userLength - 1))}`;
}

// PING <token>
function ping(ctx: CommandContext, msg: IrcMessage): void {
  const token = msg.params[0];
  if (token === undefined || token === '') {
    ctx.reply(ERR_NOORIGIN, 'No origin specified');
    return;
  }
  const server = ctx.config.server.name;
  ctx.send({ prefix: server, command: 'PONG', params: [server, token] });
}

// PONG <token>   (the gateway tracks liveness; nothing to do here)
function pong(): void {}

// QUIT [:<reason>]
function quit(ctx: CommandContext, msg: IrcMessage): void {
  const reason = msg.params[0];
  const quitMessage = reason ? `Quit: ${reason}` : 'Client Quit';
  ctx.quit(quitMessage, quitMessage);
}

export const registrationCommands: Record<string, CommandSpec> = {
  PASS: { handler: pass, minParams: 1, preRegistration: true },
  NICK: { handler: nick, minParams: 0, preRegistration: true },
  USER: { handler: user, minParams: 4, preRegistration: true },
  ...capCommands,
  PING: { handler: ping, minParams: 0, preRegistration: true },
  PONG: { handler: pong, minParams: 0, preRegistration: true },
  QUIT: { handler: quit, minParams: 0, preRegistration: true },
};
