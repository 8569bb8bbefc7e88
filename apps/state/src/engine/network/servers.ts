import type { NetServer, ServerTable } from '@portalchat/protocol';
import type { User } from '../../model/types';
import { announceQuit } from '../announce';
import { OpenBatches } from '../batch';
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
  const before = new Map(state.servers);
  state.replaceServers(servers, table.links);

  const reason = table.splitReason ?? DEFAULT_SPLIT_REASON;
  const splitOff: User[] = [];
  for (const user of state.users.values()) {
    const server = servers.get(user.serverId);
    if (!server) splitOff.push(user);
    else user.serverName = server.name;
  }
  // batch clients see each lost server's QUITs as one `netsplit <near> <far>` batch
  // (https://ircv3.net/specs/extensions/batch/netsplit); the others, the same QUITs plain.
  for (const [serverId, users] of groupByServer(splitOff)) {
    const lost = before.get(serverId);
    const far = lost?.name ?? users[0]?.serverName ?? '*';
    const near = lost?.uplink && lost.uplink !== far ? lost.uplink : config.server.name;
    const batches = new OpenBatches(ctx.out, config.server.name, 'netsplit', [near, far]);
    for (const user of users) {
      announceQuit(ctx, state, user, reason, undefined, batches);
      state.removeUser(user, ctx.now);
    }
    batches.closeAll();
  }
}

/** Users by the ID of their server, in the given order. */
export function groupByServer(users: readonly User[]): Map<number, User[]> {
  const groups = new Map<number, User[]>();
  for (const user of users) {
    const group = groups.get(user.serverId);
    if (group) group.push(user);
    else groups.set(user.serverId, [user]);
  }
  return groups;
}

function isHeld(table: ServerTable, serverId: number): boolean {
  return table.holdUnlisted === true || (table.pending?.includes(serverId) ?? false);
}
