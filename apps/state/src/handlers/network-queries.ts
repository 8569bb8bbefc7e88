import {
  ERR_NOSUCHSERVER,
  RPL_ENDOFLINKS,
  RPL_GLOBALUSERS,
  RPL_LINKS,
  RPL_LOCALUSERS,
  RPL_LUSERCHANNELS,
  RPL_LUSERCLIENT,
  RPL_LUSERME,
  RPL_LUSEROP,
  RPL_LUSERUNKNOWN,
  RPL_STATSLINKINFO,
  wildcardMatch,
  type IrcMessage,
  type NetServer,
} from '@portalchat/protocol';
import type { CommandContext, RegisteredContext } from '../engine/context';

/**
 * Queries that see the whole network, from the server table the portal keeps current: LUSERS,
 * LINKS and the per-link figures of STATS l. (MOTD, TIME, VERSION… stay local: server-queries.ts.)
 */

/** 251–255, 265, 266: network-wide counts, then this server's own. Also part of the welcome burst. */
export function sendLusers(ctx: CommandContext): void {
  const { state } = ctx;
  const invisible = state.invisibleCount();
  const operators = state.operatorCount();
  const unknown = state.unknownConnectionCount();
  const servers = state.servers.size;
  let linked = 0;
  for (const server of state.servers.values()) if (server.hops === 1) linked++;
  const global = state.users.size;
  const local = state.localUserCount();
  const maxGlobal = Math.max(state.maxGlobalUsers, global);
  ctx.reply(RPL_LUSERCLIENT, `There are ${global - invisible} users and ${invisible} invisible on ${servers} servers`);
  ctx.reply(RPL_LUSEROP, String(operators), 'operator(s) online');
  ctx.reply(RPL_LUSERUNKNOWN, String(unknown), 'unknown connection(s)');
  ctx.reply(RPL_LUSERCHANNELS, String(state.channels.size), 'channels formed');
  // 255 counts this server's clients and the servers linked to it directly (its portals).
  ctx.reply(RPL_LUSERME, `I have ${local} clients and ${linked} servers`);
  ctx.reply(
    RPL_LOCALUSERS,
    String(local),
    String(state.maxLocalUsers),
    `Current local users ${local}, max ${state.maxLocalUsers}`,
  );
  ctx.reply(RPL_GLOBALUSERS, String(global), String(maxGlobal), `Current global users ${global}, max ${maxGlobal}`);
}

/** The servers nearest first (this one, then by hops and name): LINKS prints them as a tree walk would. */
function serversByDistance(ctx: CommandContext): NetServer[] {
  return [...ctx.state.servers.values()].sort((a, b) => a.hops - b.hops || a.name.localeCompare(b.name));
}

/** True when `target` (a server name or mask, optional) names a server of the network. */
export function isKnownServer(ctx: CommandContext, target: string): boolean {
  for (const server of ctx.state.servers.values()) if (wildcardMatch(target, server.name)) return true;
  return false;
}

// LINKS [[<remote server>] <server mask>]
export function handleLinks(ctx: RegisteredContext, msg: IrcMessage): void {
  const mask = msg.params.length >= 2 ? msg.params[1] : msg.params[0];
  // Every server knows the whole table, so a remote server would answer the same: answer here.
  const remote = msg.params.length >= 2 ? msg.params[0] : undefined;
  if (remote !== undefined && !isKnownServer(ctx, remote)) {
    ctx.reply(ERR_NOSUCHSERVER, remote, 'No such server');
    return;
  }
  // `<server> <uplink> :<hops> <description>`: this server is its own uplink at hop 0.
  for (const server of serversByDistance(ctx)) {
    if (mask !== undefined && !wildcardMatch(mask, server.name)) continue;
    ctx.reply(RPL_LINKS, server.name, server.uplink, `${server.hops} ${server.description}`);
  }
  ctx.reply(RPL_ENDOFLINKS, mask ?? '*', 'End of /LINKS list');
}

/**
 * STATS l: one 211 per portal link of this host,
 * `<linkname> <sendq> <sent msgs> <sent kB> <recv msgs> <recv kB> <time open>` (seconds).
 */
export function sendLinkStats(ctx: CommandContext): void {
  for (const link of ctx.state.links) {
    const open = Math.max(0, Math.floor((ctx.now - link.openSince) / 1000));
    ctx.reply(
      RPL_STATSLINKINFO,
      link.name,
      String(link.sendQ),
      String(link.sentEvents),
      String(Math.floor(link.sentBytes / 1024)),
      String(link.receivedEvents),
      String(Math.floor(link.receivedBytes / 1024)),
      String(open),
    );
  }
}
