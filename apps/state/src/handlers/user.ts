import { RPL_ISON, RPL_NOWAWAY, RPL_UNAWAY, RPL_USERHOST, type IrcMessage } from '@portalchat/protocol';
import type { CommandSpec, RegisteredContext } from '../engine/context';
import { announceAway } from '../engine/announce';
import { USERHOST_MAX_NICKS } from '../engine/isupport';
import { whoCommands } from './who';
import { whoisCommands } from './whois';

/** Queries and settings about users: AWAY ISON USERHOST (WHO in who.ts, WHOIS/WHOWAS in whois.ts). */

// AWAY [:<message>]
function away(ctx: RegisteredContext, msg: IrcMessage): void {
  const user = ctx.user;
  const text = (msg.params[0] ?? '').slice(0, ctx.config.limits.awayLength);
  if (text === '') {
    user.away = undefined;
    ctx.reply(RPL_UNAWAY, 'You are no longer marked as being away');
  } else {
    user.away = text;
    ctx.reply(RPL_NOWAWAY, 'You have been marked as being away');
  }
  announceAway(ctx, ctx.state, user);
  ctx.network.emit(
    user.away === undefined ? { type: 'away', uid: user.uid } : { type: 'away', uid: user.uid, message: user.away },
  );
}

// ISON <nick>{ <nick>}
function ison(ctx: RegisteredContext, msg: IrcMessage): void {
  // Some clients send the nicks as one trailing param, others as separate params.
  const nicks = msg.params.flatMap((p) => p.split(' ')).filter((n) => n !== '');
  const online = nicks.flatMap((nick) => ctx.state.userByNick(nick)?.nick ?? []);
  ctx.reply(RPL_ISON, online.join(' '));
}

// USERHOST <nick>{ <nick>}   (at most 5)
function userhost(ctx: RegisteredContext, msg: IrcMessage): void {
  const replies: string[] = [];
  for (const nick of msg.params.slice(0, USERHOST_MAX_NICKS)) {
    const user = ctx.state.userByNick(nick);
    if (!user) continue;
    const oper = user.modes.has('o') ? '*' : '';
    const presence = user.away === undefined ? '+' : '-';
    replies.push(`${user.nick}${oper}=${presence}${user.username}@${user.hostname}`);
  }
  ctx.reply(RPL_USERHOST, replies.join(' '));
}

export const userCommands: Record<string, CommandSpec> = {
  AWAY: { handler: away, minParams: 0 },
  ISON: { handler: ison, minParams: 1 },
  USERHOST: { handler: userhost, minParams: 1 },
  ...whoCommands,
  ...whoisCommands,
};
