import { hasChannelPrefix, type NetEvent, type NetHistoryEntry } from '@portalchat/protocol';
import type { ChatState } from '../../model/chat-state';
import type { HistoryEntry } from '../history/entry';
import type { HistoryIndex } from '../history/history-index';
import type { User } from '../../model/types';
import { netChannelOf, netUserOf } from './to-net';

/**
 * The answer to a BurstRequest: this host's whole view as network events, users first (a channel
 * names its members by uid), then channels. Users of `excludeServers` (the peer's side, which it
 * knows already) are left out, and so are their memberships; a channel with no member left to
 * send is skipped (it lives on the peer's side only) unless it is registered.
 */
export function burstEvents(state: ChatState, excludeServers: readonly number[], history?: HistoryIndex): NetEvent[] {
  const excluded = new Set(excludeServers);
  excluded.delete(state.serverId);
  const include = (user: User) => !excluded.has(user.serverId);
  const events: NetEvent[] = [];
  for (const user of state.users.values()) if (include(user)) events.push({ type: 'user', user: netUserOf(user) });
  for (const channel of state.channels.values()) {
    const net = netChannelOf(channel, include);
    // A registered channel goes even when empty: a restarted host re-announces its channels.
    if (net.members.length > 0 || channel.registered) events.push({ type: 'channel', channel: net });
  }
  // IRCX `ACCESS *` (network-wide bans and grants); `$` is this server's own and stays here.
  for (const entry of state.networkAccess) events.push({ type: 'access-add', object: '*', entry: { ...entry } });
  // G-lines, with their tombstones: a removal the peer missed must reach it too.
  for (const ban of state.serverBans.G) events.push({ type: 'gline', ban: { ...ban } });
  // The network's accounts and their read markers: a netjoin merges both sides' stores.
  for (const account of state.registeredAccounts.values())
    events.push({ type: 'account-register', account: { ...account } });
  // (Markers are kept by case-folded account name, which names the account as well as any spelling.)
  for (const [account, markers] of state.readMarkers) {
    for (const { target, time } of markers.values()) events.push({ type: 'read-marker', account, target, time });
  }
  if (history) events.push(...historyBurst(history));
  return events;
}

/**
 * How many of each channel's newest history entries a burst carries: what the two sides of a
 * netsplit said meanwhile, merged on both (a split longer than this many lines of one channel
 * leaves the older part of it on its own side).
 */
export const BURST_HISTORY_PER_CHANNEL = 1000;
/** Entries per `history` event, so no event nears a NATS or gRPC message limit. */
const HISTORY_ENTRIES_PER_EVENT = 50;

/**
 * The channels' recent history and remembered redactions, as `history` events. Private
 * conversations stay out: both parties' servers store them, and a split kept them apart.
 */
function historyBurst(history: HistoryIndex): NetEvent[] {
  const { entries, redacted } = history.burstView(hasChannelPrefix, BURST_HISTORY_PER_CHANNEL);
  const events: NetEvent[] = [];
  for (let i = 0; i < entries.length; i += HISTORY_ENTRIES_PER_EVENT) {
    events.push({ type: 'history', entries: entries.slice(i, i + HISTORY_ENTRIES_PER_EVENT).map(netHistoryEntryOf) });
  }
  if (redacted.length > 0) events.push({ type: 'history', entries: [], redacted });
  return events;
}

function netHistoryEntryOf(entry: HistoryEntry): NetHistoryEntry {
  // Channel entries have no `parties`; the fields are copied by name so none leaks by accident.
  const { key, msgid, time, command, prefix, params, clientTags, from, restrictedTo, multiline } = entry;
  return {
    key,
    msgid,
    time,
    command,
    prefix,
    params,
    from,
    ...(clientTags ? { clientTags } : {}),
    ...(restrictedTo !== undefined ? { restrictedTo } : {}),
    ...(multiline ? { multiline } : {}),
  };
}
