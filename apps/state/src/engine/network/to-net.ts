import type { ModeChange, NetChannel, NetEvent, NetModeChange, NetUser } from '@portalchat/protocol';
import type { ChatState } from '../../model/chat-state';
import type { Channel, ListEntry, User } from '../../model/types';

/** Conversions from the state's model to the network's wire shapes (network-events.ts). */

/** Letters in a stable order so every server writes the same mode string. */
function sortedLetters(letters: Iterable<string>): string {
  return [...letters].sort().join('');
}

export function netUserOf(user: User): NetUser {
  return {
    uid: user.uid,
    nick: user.nick,
    nickTs: user.nickTs,
    username: user.username,
    hostname: user.hostname,
    ...(user.realHost !== undefined ? { realHost: user.realHost } : {}),
    ...(user.ip !== undefined ? { ip: user.ip } : {}),
    realname: user.realname,
    serverId: user.serverId,
    signonAt: user.signonAt,
    modes: sortedLetters(user.modes),
    ...(user.away !== undefined ? { away: user.away } : {}),
    ...(user.operName !== undefined ? { operName: user.operName } : {}),
    ...(user.account !== undefined ? { account: user.account } : {}),
    ...(user.access.length > 0 ? { access: user.access.map((entry) => ({ ...entry })) } : {}),
    ...(user.tls === true ? { tls: true } : {}),
    ...(user.certfp !== undefined ? { certfp: user.certfp } : {}),
    ...(user.metadata && user.metadata.size > 0 ? { metadata: Object.fromEntries(user.metadata) } : {}),
  };
}

const copyList = (list: readonly ListEntry[]) => list.map(({ mask, setBy, setAt }) => ({ mask, setBy, setAt }));

/** A whole channel for a burst; only members `include` accepts are listed. */
/** The servers of the users that are not on this one, each once: where their events go. */
export function remoteServersOf(users: Iterable<User>): number[] {
  const servers = new Set<number>();
  for (const user of users) if (!user.local) servers.add(user.serverId);
  return [...servers];
}

/** A user's modes as they travel: whole (`iow`), so applying the event twice is harmless. */
export function umodeEventOf(user: User): NetEvent {
  const modes = [...user.modes].sort().join('');
  return user.operName
    ? { type: 'umode', uid: user.uid, modes, operName: user.operName }
    : { type: 'umode', uid: user.uid, modes };
}

export function netChannelOf(channel: Channel, include: (user: User) => boolean): NetChannel {
  const members: [string, string][] = [];
  for (const m of channel.members.values()) {
    if (include(m.user)) members.push([m.user.uid, sortedLetters(m.modes)]);
  }
  return {
    name: channel.name,
    createdAt: channel.createdAt,
    modes: sortedLetters(channel.modes),
    ...(channel.key !== undefined ? { key: channel.key } : {}),
    ...(channel.limit !== undefined ? { limit: channel.limit } : {}),
    ...(channel.topic ? { topic: { ...channel.topic } } : {}),
    lists: { b: copyList(channel.lists.b), e: copyList(channel.lists.e), I: copyList(channel.lists.I) },
    members,
    ...(channel.props.size > 0 ? { props: Object.fromEntries(channel.props) } : {}),
    ...(channel.registered ? { registered: true } : {}),
    ...(channel.access.length > 0 ? { access: channel.access.map((entry) => ({ ...entry })) } : {}),
    ...(channel.cloneOf !== undefined ? { cloneOf: channel.cloneOf } : {}),
    ...(channel.metadata && channel.metadata.size > 0 ? { metadata: Object.fromEntries(channel.metadata) } : {}),
  };
}

/**
 * The servers (other than this one) with members on the channel: where a channel message must
 * go. O(servers with members), from the per-server counts ChatState keeps.
 */
export function channelTargets(channel: Channel, ownServerId: number): number[] {
  const out: number[] = [];
  for (const serverId of channel.serverCounts.keys()) if (serverId !== ownServerId) out.push(serverId);
  return out;
}

/**
 * Applied channel mode changes as they travel: prefix modes (q, o, v) carry the member's uid, since
 * a nick may differ or change between servers; other arguments go as they are.
 */
export function netModeChangesOf(state: ChatState, applied: readonly ModeChange[]): NetModeChange[] {
  return applied.map(({ add, mode, arg }) => {
    if ((mode === 'q' || mode === 'o' || mode === 'v') && arg !== undefined) {
      return { add, mode, arg: state.userByNick(arg)?.uid ?? arg };
    }
    return arg === undefined ? { add, mode } : { add, mode, arg };
  });
}
