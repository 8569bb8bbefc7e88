import type { Channel, User } from '../model/types';
import { isHostOrOwner } from './levels';
import { channelTargets } from './network/to-net';

/**
 * IRCX AUDITORIUM (+x, draft-04 §1.5): "Members see only themselves and hosts/owners. Members'
 * text goes only to hosts/owners. Members get no JOIN/PART for each other." Every one of those
 * rules is the same pairwise test — does `viewer` see `subject` in this channel — so NAMES, WHO,
 * JOIN/PART/KICK/QUIT announcements and message fan-out all ask `seesInChannel`. Pure; no output.
 */

/**
 * Whether `viewer` sees `subject` in `channel`: always outside an auditorium and for oneself;
 * in one, only when either of them is a host or owner. A viewer outside the channel counts as a
 * plain member (it sees the hosts and owners only).
 */
export function seesInChannel(channel: Channel, viewer: User, subject: User): boolean {
  if (!channel.modes.has('x') || viewer === subject) return true;
  return isHostOrOwner(channel.members.get(subject.uid)) || isHostOrOwner(channel.members.get(viewer.uid));
}

/**
 * The servers other than `ownServerId` that must hear of a channel message from `sender`: every
 * server with members, or, when a plain member speaks in an auditorium, only the servers of its
 * hosts and owners (the receiving servers filter again: see apply-messages.ts).
 */
export function messageServers(channel: Channel, sender: User, ownServerId: number): number[] {
  const restricted = channel.modes.has('x') && !isHostOrOwner(channel.members.get(sender.uid));
  if (!restricted) return channelTargets(channel, ownServerId);
  const out = new Set<number>();
  for (const m of channel.members.values()) {
    if (m.user.serverId !== ownServerId && isHostOrOwner(m)) out.add(m.user.serverId);
  }
  return [...out];
}
