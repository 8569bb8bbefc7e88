import type { NetServer, ServerTable } from '@portalchat/protocol';
import type { User } from '../../model/types';
import { announceQuit } from '../announce';
import { eventFeedOf } from '../event-feed';
import type { NetApplyContext } from './apply-context';

/** The QUIT reason when the portal did not say which link broke. */
const DEFAULT_SPLIT_REASON = '*.net *.split';

/**
 * The portal describes the network anew. Every user of a server no longer listed QUITs with the
 * split reason (`<near> <far>`); channels they emptied vanish (ChatState.removeMember). Users of
 * servers still there take the server's current name. Servers the table holds as split pending
 * (`pending`, or every unlisted one with `holdUnlisted`) stay as they are, users and all: the
 * portal decides when their split is announced, so this engine needs no timer.
 */
export function applyServerTable(ctx: NetApplyContext, table: ServerTable): void {
  const { state, config } = ctx;
  const servers = new Map<number, NetServer>();
  for (const server of table.servers) servers.set(server.serverId, server);
  for (const [id, server] of state.servers) if (!servers.has(id) && isHeld(table, id)) servers.set(id, server);
  // This server is always part of its own network, whatever the table says.
  servers.set(state.serverId, {
    serverId: state.serverId,
    name: config.server.name,
    description: config.server.description,
    hops: 0,
    uplink: config.server.name,
  });
  const feed = eventFeedOf(state);
  for (const [id, server] of servers) if (!state.servers.has(id)) feed?.serverLink(server.name);
  for (const [id, server] of state.servers) if (!servers.has(id)) feed?.serverUnlink(server.name);
  state.replaceServers(servers, table.links);

  const reason = table.splitReason ?? DEFAULT_SPLIT_REASON;
  const splitOff: User[] = [];
  for (const user of state.users.values()) {
    const server = servers.get(user.serverId);
    if (!server) splitOff.push(user);
    else user.serverName = server.name;
  }
  for (const user of splitOff) {
    announceQuit(ctx, state, user, reason);
    state.removeUser(user, ctx.now);
  }
}

function isHeld(table: ServerTable, serverId: number): boolean {
  return table.holdUnlisted === true || (table.pending?.includes(serverId) ?? false);
}
