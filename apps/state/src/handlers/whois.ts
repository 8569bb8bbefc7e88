import {
  ERR_NONICKNAMEGIVEN,
  ERR_NOSUCHNICK,
  ERR_NOSUCHSERVER,
  ERR_WASNOSUCHNICK,
  RPL_AWAY,
  RPL_ENDOFWHOIS,
  RPL_ENDOFWHOWAS,
  RPL_WHOISCHANNELS,
  RPL_WHOISIDLE,
  RPL_WHOISACCOUNT,
  RPL_WHOISBOT,
  RPL_WHOISHOST,
  RPL_WHOISCERTFP,
  RPL_WHOISOPERATOR,
  RPL_WHOISSECURE,
  RPL_WHOISSERVER,
  RPL_WHOISUSER,
  RPL_WHOWASUSER,
  ircEquals,
  ircLower,
  type IrcMessage,
} from '@portalchat/protocol';
import type { CommandSpec, RegisteredContext } from '../engine/context';
import { CAP, chunkTokens } from '../engine/caps';
import type { User } from '../model/types';
import { canSeeChannel } from './visibility';
import { memberPrefix } from '../engine/membership-view';
import { isKnownServer } from './network-queries';
import { isSysop } from '../engine/levels';
import { BOT_MODE } from '../engine/sender-tags';

/** Bytes of channel names per 319 line, leaving room for prefix, numeric, nicks and CR-LF. */
const WHOIS_CHANNELS_BYTES = 400;

/** Splits a comma list, dropping empty items, at most `max` items. */
function targets(param: string, max: number): string[] {
  return param
    .split(',')
    .filter((t) => t !== '')
    .slice(0, max);
}

/** 311 319 312 313 330 671 276 301 317 for one user. */
function sendWhoisBlock(ctx: RegisteredContext, target: User): void {
  const asker = ctx.user;
  ctx.reply(RPL_WHOISUSER, target.nick, target.username, target.hostname, '*', target.realname);
  const channels: string[] = [];
  for (const channel of ctx.state.channelsOf(target)) {
    if (!canSeeChannel(asker, channel)) continue;
    const membership = channel.members.get(target.uid);
    if (!membership) continue;
    channels.push(memberPrefix(membership, ctx.conn.caps.has(CAP.multiPrefix), ctx.conn.ircx) + channel.name);
  }
  if (channels.length > 0) {
    for (const chunk of chunkTokens(channels, WHOIS_CHANNELS_BYTES)) ctx.reply(RPL_WHOISCHANNELS, target.nick, chunk);
  }
  const serverInfo = ctx.state.servers.get(target.serverId)?.description ?? target.serverName;
  ctx.reply(RPL_WHOISSERVER, target.nick, target.serverName, serverInfo);
  if (target.modes.has('o')) ctx.reply(RPL_WHOISOPERATOR, target.nick, 'is an IRC operator');
  // A cloaked user's real host and IP: for the user and for operators only (InspIRCd's 378 wording).
  if (target.realHost !== undefined && (target === asker || asker.modes.has('o'))) {
    ctx.reply(RPL_WHOISHOST, target.nick, `is connecting from *@${target.realHost} ${target.ip ?? target.realHost}`);
  }
  // The AUTH/SASL account; it travels with the user (NetUser.account), so remote users show it too.
  if (target.account !== undefined) ctx.reply(RPL_WHOISACCOUNT, target.nick, target.account, 'is logged in as');
  // TLS and the certificate travel with the user too (NetUser.tls, certfp): every server shows 671.
  if (target.tls === true) ctx.reply(RPL_WHOISSECURE, target.nick, 'is using a secure connection');
  if (target.modes.has(BOT_MODE)) ctx.reply(RPL_WHOISBOT, target.nick, `is a bot on ${ctx.config.server.network}`);
  // The fingerprint identifies a person across nicks: only they and the sysops see it (InspIRCd, Ergo).
  if (target.certfp !== undefined && (target === asker || isSysop(asker))) {
    ctx.reply(RPL_WHOISCERTFP, target.nick, `has client certificate fingerprint ${target.certfp}`);
  }
  if (target.away !== undefined) ctx.reply(RPL_AWAY, target.nick, target.away);
  const conn = target.local;
  if (conn) {
    const idle = Math.max(0, Math.floor((ctx.now - conn.lastActiveAt) / 1000));
    const signon = Math.floor(target.signonAt / 1000);
    ctx.reply(RPL_WHOISIDLE, target.nick, String(idle), String(signon), 'seconds idle, signon time');
  }
}

// WHOIS [<server>] <nick>{,<nick>}
function whois(ctx: RegisteredContext, msg: IrcMessage): void {
  const [first, second] = msg.params;
  const nickList = second ?? first;
  if (!nickList) {
    ctx.reply(ERR_NONICKNAMEGIVEN, 'No nickname given');
    return;
  }
  if (first !== undefined && second !== undefined) {
    // `WHOIS <server> <nick>` or `WHOIS <nick> <nick>` (ask the user's own server, for idle time).
    // Every server holds the whole network, so a known server name is answered here; only the
    // idle time (317) is missing for a user of another server.
    const server = first;
    if (!isKnownServer(ctx, server) && !ircEquals(server, nickList)) {
      ctx.reply(ERR_NOSUCHSERVER, server, 'No such server');
      return;
    }
  }
  for (const nick of targets(nickList, ctx.config.limits.maxTargets)) {
    const target = ctx.state.userByNick(nick);
    if (target) sendWhoisBlock(ctx, target);
    else ctx.reply(ERR_NOSUCHNICK, nick, 'No such nick/channel');
  }
  ctx.reply(RPL_ENDOFWHOIS, nickList, 'End of /WHOIS list');
}

// WHOWAS <nick>{,<nick>} [<count> [<server>]]
function whowas(ctx: RegisteredContext, msg: IrcMessage): void {
  const nickList = msg.params[0];
  if (!nickList) {
    ctx.reply(ERR_NONICKNAMEGIVEN, 'No nickname given');
    return;
  }
  const count = Number.parseInt(msg.params[1] ?? '', 10);
  const limit = Number.isFinite(count) && count > 0 ? count : Infinity;
  for (const nick of targets(nickList, ctx.config.limits.maxTargets)) {
    const entries = ctx.state.whowas.get(ircLower(nick)) ?? [];
    if (entries.length === 0) {
      ctx.reply(ERR_WASNOSUCHNICK, nick, 'There was no such nickname');
      continue;
    }
    for (const entry of entries.slice(0, Math.min(limit, entries.length))) {
      ctx.reply(RPL_WHOWASUSER, entry.nick, entry.username, entry.hostname, '*', entry.realname);
      ctx.reply(RPL_WHOISSERVER, entry.nick, entry.serverName, new Date(entry.quitAt).toUTCString());
    }
  }
  ctx.reply(RPL_ENDOFWHOWAS, nickList, 'End of WHOWAS');
}

export const whoisCommands: Record<string, CommandSpec> = {
  WHOIS: { handler: whois, minParams: 0 },
  WHOWAS: { handler: whowas, minParams: 0 },
};
