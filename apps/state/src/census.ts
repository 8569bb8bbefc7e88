import { PROTOCOL_VERSION, type ServerCensus, type StateCensus } from '@portalchat/protocol';
import type { ChatState } from './model/chat-state';

/**
 * Users and channels per server, for the network map (issue 14): every server state knows (its
 * own and those the portal listed), plus any whose users it still holds. A channel counts for
 * each server with at least one member in it. One pass over users and channels: asked about once
 * a second while someone has a map open.
 */
export function censusOf(state: ChatState): StateCensus {
  const byServer = new Map<number, ServerCensus>();
  const entry = (serverId: number): ServerCensus => {
    let found = byServer.get(serverId);
    if (!found) {
      found = { serverId, name: state.serverNameOf(serverId), users: 0, channels: 0 };
      byServer.set(serverId, found);
    }
    return found;
  };
  for (const serverId of state.servers.keys()) entry(serverId);
  for (const user of state.users.values()) entry(user.serverId).users++;
  for (const channel of state.channels.values()) {
    for (const serverId of channel.serverCounts.keys()) entry(serverId).channels++;
  }
  return { v: PROTOCOL_VERSION, servers: [...byServer.values()].sort((a, b) => a.serverId - b.serverId) };
}
