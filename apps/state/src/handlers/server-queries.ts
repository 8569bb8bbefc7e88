import {
  ERR_NOPRIVILEGES,
  ERR_NOMOTD,
  ERR_NOSUCHSERVER,
  RPL_ADMINEMAIL,
  RPL_ADMINLOC1,
  RPL_ADMINLOC2,
  RPL_ADMINME,
  RPL_ENDOFINFO,
  RPL_ENDOFMOTD,
  RPL_ENDOFSTATS,
  RPL_INFO,
  RPL_MOTD,
  RPL_MOTDSTART,
  RPL_STATSCOMMANDS,
  RPL_STATSUPTIME,
  RPL_TIME,
  RPL_VERSION,
  wildcardMatch,
  type IrcMessage,
} from '@portalchat/protocol';
import type { CommandContext, CommandSpec, RegisteredContext } from '../engine/context';
import { sendIsupport } from '../engine/isupport';
import { SERVER_VERSION } from '../engine/version';
import { handleLinks, isKnownServer, sendLinkStats, sendLusers } from './network-queries';
import { sendBanStats } from './server-bans';

/**
 * Queries about the server itself: MOTD VERSION TIME ADMIN INFO STATS; these stay local (a
 * remote server name gets 402). LUSERS and LINKS see the network: network-queries.ts.
 */

/** True when `target` (a server name or mask, optional) names this server; else replies 402. */
function targetsThisServer(ctx: CommandContext, target: string | undefined): boolean {
  if (target === undefined || wildcardMatch(target, ctx.config.server.name)) return true;
  ctx.reply(ERR_NOSUCHSERVER, target, 'No such server');
  return false;
}

/** 375/372…/376, or 422 when the MOTD is empty. Also part of the welcome burst. */
export function sendMotd(ctx: CommandContext): void {
  const motd = ctx.config.motd;
  if (motd.length === 0) {
    ctx.reply(ERR_NOMOTD, 'MOTD File is missing');
    return;
  }
  ctx.reply(RPL_MOTDSTART, `- ${ctx.config.server.name} Message of the day - `);
  for (const line of motd) ctx.reply(RPL_MOTD, `- ${line}`);
  ctx.reply(RPL_ENDOFMOTD, 'End of /MOTD command.');
}

// MOTD [<server>]
function motd(ctx: RegisteredContext, msg: IrcMessage): void {
  if (targetsThisServer(ctx, msg.params[0])) sendMotd(ctx);
}

// LUSERS [<mask> [<server>]]
function lusers(ctx: RegisteredContext, msg: IrcMessage): void {
  // The counts are network-wide and every server has them, so any known server is answered here.
  const server = msg.params[1];
  if (server !== undefined && !isKnownServer(ctx, server)) {
    ctx.reply(ERR_NOSUCHSERVER, server, 'No such server');
    return;
  }
  sendLusers(ctx);
}

// VERSION [<server>]
function version(ctx: RegisteredContext, msg: IrcMessage): void {
  if (!targetsThisServer(ctx, msg.params[0])) return;
  ctx.reply(RPL_VERSION, SERVER_VERSION, ctx.config.server.name, ctx.config.server.description);
  sendIsupport(ctx);
}

// TIME [<server>]
function time(ctx: RegisteredContext, msg: IrcMessage): void {
  if (!targetsThisServer(ctx, msg.params[0])) return;
  ctx.reply(RPL_TIME, ctx.config.server.name, new Date(ctx.now).toUTCString());
}

// ADMIN [<server>]
function admin(ctx: RegisteredContext, msg: IrcMessage): void {
  if (!targetsThisServer(ctx, msg.params[0])) return;
  const { admin: info, server } = ctx.config;
  ctx.reply(RPL_ADMINME, server.name, 'Administrative info');
  ctx.reply(RPL_ADMINLOC1, info.location1);
  ctx.reply(RPL_ADMINLOC2, info.location2);
  ctx.reply(RPL_ADMINEMAIL, info.email);
}

// INFO [<server>]
function info(ctx: RegisteredContext, msg: IrcMessage): void {
  if (!targetsThisServer(ctx, msg.params[0])) return;
  const lines = [
    `${SERVER_VERSION}: Portalchat, a multi-server IRC network (IRC, IRCv3, IRCX).`,
    `Server ${ctx.config.server.name} (ID ${ctx.config.server.id}) on ${ctx.config.server.network}.`,
    `Up since ${new Date(ctx.state.startedAt).toUTCString()}.`,
  ];
  for (const line of lines) ctx.reply(RPL_INFO, line);
  ctx.reply(RPL_ENDOFINFO, 'End of /INFO list');
}

/**
 * STATS letters that reveal configuration or connections: operators only (481 otherwise).
 * `u` (uptime) and `m` (command counts) are for everyone; any other letter just ends the report.
 */
const OPER_STATS = new Set(['c', 'd', 'g', 'i', 'k', 'l', 'o', 'y']);

/** STATS letters of the ban lists: k K-lines, d D-lines, g G-lines (solanum and InspIRCd letters). */
const BAN_STATS = { k: 'K', d: 'D', g: 'G' } as const;

// STATS <query> [<server>]
function stats(ctx: RegisteredContext, msg: IrcMessage): void {
  const [query = ''] = msg.params;
  if (!targetsThisServer(ctx, msg.params[1])) return;
  const letter = query[0] ?? '*';
  if (OPER_STATS.has(letter) && !ctx.user.modes.has('o')) {
    ctx.reply(ERR_NOPRIVILEGES, "Permission Denied- You're not an IRC operator");
    return;
  }
  if (letter === 'l') sendLinkStats(ctx);
  if (letter === 'k' || letter === 'd' || letter === 'g') sendBanStats(ctx, BAN_STATS[letter]);
  if (letter === 'u') ctx.reply(RPL_STATSUPTIME, formatUptime(ctx.now - ctx.state.startedAt));
  if (letter === 'm') {
    const counts = [...ctx.state.commandCounts].sort(([a], [b]) => a.localeCompare(b));
    for (const [command, count] of counts) ctx.reply(RPL_STATSCOMMANDS, command, String(count));
  }
  ctx.reply(RPL_ENDOFSTATS, letter, 'End of /STATS report');
}

/** `Server Up 3 days 4:05:06` (the hybrid/solanum wording clients show as is). */
export function formatUptime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `Server Up ${days} days ${hours}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

export const serverQueryCommands: Record<string, CommandSpec> = {
  MOTD: { handler: motd, minParams: 0 },
  LUSERS: { handler: lusers, minParams: 0 },
  VERSION: { handler: version, minParams: 0 },
  TIME: { handler: time, minParams: 0 },
  ADMIN: { handler: admin, minParams: 0 },
  INFO: { handler: info, minParams: 0 },
  LINKS: { handler: handleLinks, minParams: 0 },
  STATS: { handler: stats, minParams: 1 },
};
