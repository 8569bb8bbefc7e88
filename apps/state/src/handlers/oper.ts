import {
  ERR_NOOPERHOST,
  ERR_NOSUCHCHANNEL,
  ERR_NOSUCHNICK,
  ERR_PASSWDMISMATCH,
  RPL_REHASHING,
  RPL_YOUREOPER,
  hasChannelPrefix,
  wildcardMatch,
  type IrcMessage,
} from '@portalchat/protocol';
import type { PendingCheck, Verdict } from '../engine/auth';
import { userPrefix, type CommandContext, type RegisteredContext, type CommandSpec } from '../engine/context';
import type { User } from '../model/types';
import { announceQuit } from '../engine/announce';
import { killChannel } from '../engine/channel-kill';
import { eventFeedOf } from '../engine/event-feed';
import { emitUserModes } from './user-mode';

/** IRC operator commands: OPER, and for operators KILL, WALLOPS and REHASH. */

// OPER <name> <password>
function oper(ctx: RegisteredContext, msg: IrcMessage): void {
  const [name, password] = msg.params as [string, string];
  const { user, conn } = ctx;
  // Refused unchecked while this connection or its IP must wait: not counted, not hashed.
  const waitMs = ctx.auth.waitMs(conn, ctx.now);
  if (waitMs > 0) {
    ctx.auth.refused(conn, { mechanism: 'oper', name });
    ctx.reply(ERR_NOOPERHOST, `Too many failed OPER attempts; try again in ${Math.ceil(waitMs / 1000)} seconds`);
    return;
  }
  const account = ctx.config.operators.find((op) => op.name === name);
  // The hostmask is matched against `user@host` (username with its '~'), the real host or the cloak.
  const hosts = user.realHost === undefined ? [user.hostname] : [user.realHost, user.hostname];
  const hostmask = account?.hostmask;
  if (!account || (hostmask && !hosts.some((host) => wildcardMatch(hostmask, `${user.username}@${host}`)))) {
    ctx.auth.failed(conn, ctx.now, { mechanism: 'oper', name, reason: 'unknown-name' });
    ctx.reply(ERR_NOOPERHOST, 'No O-lines for your host');
    return;
  }
  // Hashed off the event loop; the connection's next lines wait for finishOper.
  ctx.auth.request(conn, { kind: 'oper', conn: conn.key, operator: account.name }, account.passwordHash, password);
}

/** The verdict on an OPER password (handlers/password-verdict.ts): 381 and the modes, or 464. */
export function finishOper(
  ctx: CommandContext,
  check: Extract<PendingCheck, { kind: 'oper' }>,
  verdict: Verdict,
): void {
  const { user, conn } = ctx;
  if (!user) return;
  if (verdict === 'unchecked') {
    ctx.reply(ERR_NOOPERHOST, 'The password could not be checked; try again');
    return;
  }
  if (verdict === 'no') {
    ctx.auth.failed(conn, ctx.now, { mechanism: 'oper', name: check.operator, reason: 'wrong-password' });
    ctx.reply(ERR_PASSWDMISMATCH, 'Password incorrect');
    return;
  }
  // The account may have left the config since the check began (a reload): no O-line any more.
  const account = ctx.config.operators.find((op) => op.name === check.operator);
  if (!account) {
    ctx.reply(ERR_NOOPERHOST, 'No O-lines for your host');
    return;
  }
  ctx.auth.succeeded(conn);
  user.operName = account.name;
  ctx.reply(RPL_YOUREOPER, 'You are now an IRC operator');
  // A sysop gets +o; a sysop manager (level admin) +o and +a, the only way to get +a.
  const granted = account.level === 'admin' ? 'oa' : 'o';
  let added = '';
  for (const mode of granted) {
    if (user.modes.has(mode)) continue;
    ctx.state.setUserMode(user, mode, true);
    added += mode;
  }
  if (added) ctx.send({ prefix: user.nick, command: 'MODE', params: [user.nick, `+${added}`] });
  emitUserModes(ctx, user);
  // Operators are exempt from the gateway's flood control.
  ctx.out.registered(conn, user.nick, true);
}

// KILL <nick> [:<reason>]
function kill(ctx: RegisteredContext, msg: IrcMessage): void {
  const [nick, reason = '<No reason given>'] = msg.params as [string, string?];
  if (hasChannelPrefix(nick)) {
    killChannelCommand(ctx, nick, reason);
    return;
  }
  const victim = ctx.state.userByNick(nick);
  if (!victim) {
    ctx.reply(ERR_NOSUCHNICK, nick, 'No such nick/channel');
    return;
  }
  const quitMessage = `Killed (${ctx.user.nick} (${reason}))`;
  // Every server removes the user on this event; the victim's own server also disconnects it.
  ctx.network.emit({ type: 'kill', uid: victim.uid, by: ctx.user.nick, reason });
  const victimConn = victim.local;
  if (!victimConn) {
    dropRemoteUser(ctx, victim, quitMessage);
    return;
  }
  ctx.out.message(victimConn, { prefix: userPrefix(ctx.user), command: 'KILL', params: [victim.nick, reason] });
  ctx.disconnect(victimConn, `Killed by ${ctx.user.nick}`, quitMessage, false);
}

// KILL <channel> [:<reason>]   (IRCX / Exchange /KillChannel: sysops empty a channel network-wide)
function killChannelCommand(ctx: RegisteredContext, name: string, reason: string): void {
  const channel = ctx.state.channel(name);
  if (!channel) {
    ctx.reply(ERR_NOSUCHCHANNEL, name, 'No such channel');
    return;
  }
  // Every server removes the members it knows of; members see a KICK from this server.
  ctx.network.emit({ type: 'chkill', channel: channel.name, by: ctx.user.uid, reason });
  killChannel(ctx, ctx.state, channel, ctx.config.server.name, reason);
}

/** A user on another server leaves this server's view now; its server disconnects it on `kill`. */
function dropRemoteUser(ctx: RegisteredContext, victim: User, quitMessage: string): void {
  eventFeedOf(ctx.state)?.userLogoff(victim, 'KILL', quitMessage);
  announceQuit(ctx, ctx.state, victim, quitMessage);
  ctx.state.markDeparted(victim.uid);
  ctx.state.removeUser(victim, ctx.now);
}

// WALLOPS <text>
function wallops(ctx: RegisteredContext, msg: IrcMessage): void {
  const recipients: User[] = [];
  for (const user of ctx.state.users.values()) if (user.local && user.modes.has('w')) recipients.push(user);
  const [text = ''] = msg.params;
  // One msgid for every copy: the receiving servers drop a replayed WALLOPS by it.
  const msgid = ctx.nextMsgId();
  ctx.out.deliver(
    recipients,
    { prefix: userPrefix(ctx.user), command: 'WALLOPS', params: [text] },
    { time: ctx.now, msgid },
  );
  ctx.network.emit({ type: 'wallops', from: ctx.user.uid, text, msgid });
}

// REHASH   (RFC 2812 §4.2: 382 <config file> :Rehashing; the outcome follows as NOTICEs)
function rehash(ctx: RegisteredContext): void {
  if (!ctx.requestReload) {
    ctx.reply(ERR_NOOPERHOST, 'This server cannot reload its configuration');
    return;
  }
  ctx.reply(RPL_REHASHING, ctx.config.source, 'Rehashing');
  ctx.requestReload(`REHASH by ${ctx.user.nick} (${ctx.user.operName ?? 'operator'})`);
}

export const operCommands: Record<string, CommandSpec> = {
  OPER: { handler: oper, minParams: 2 },
  KILL: { handler: kill, minParams: 1, operOnly: true },
  WALLOPS: { handler: wallops, minParams: 1, operOnly: true },
  REHASH: { handler: rehash, minParams: 0, operOnly: true },
};
