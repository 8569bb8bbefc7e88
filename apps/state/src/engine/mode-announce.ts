import { CHANNEL_MODE_SPEC, formatModeChanges, ircLower, type ModeChange } from '@portalchat/protocol';
import type { Channel, User } from '../model/types';
import { announceToChannel, type Announcer } from './announce';
import { seesInChannel } from './auditorium';
import { allMembers } from './membership-view';
import type { Stamp } from './history/record';

/**
 * A channel MODE line to every member, made here or on another server. In an IRCX auditorium
 * (+x) a member sees only the changes that name no member hidden from it (a `+v` on a plain
 * member is for the hosts and that member): each member gets the line of the changes it may see,
 * or none; members who see the same changes share one delivery.
 */
export function announceModeChanges(
  a: Announcer,
  channel: Channel,
  source: string,
  changes: readonly ModeChange[],
  stamp?: Stamp,
): void {
  const line = (shown: readonly ModeChange[]) => ({
    prefix: source,
    command: 'MODE',
    params: [channel.name, ...formatModeChanges(shown)],
  });
  const subjects = changes.map((change) => subjectOf(channel, change));
  if (!channel.modes.has('x') || subjects.every((s) => s === undefined)) {
    announceToChannel(a, channel, line(changes), undefined, stamp);
    return;
  }
  const groups = new Map<string, { shown: ModeChange[]; viewers: User[] }>();
  for (const viewer of allMembers(channel)) {
    if (!viewer.local) continue;
    const seen = changes.flatMap((_, i) => {
      const subject = subjects[i];
      return subject === undefined || seesInChannel(channel, viewer, subject) ? [i] : [];
    });
    if (seen.length === 0) continue;
    const key = seen.join(',');
    const group = groups.get(key) ?? { shown: seen.flatMap((i) => changes[i] ?? []), viewers: [] };
    group.viewers.push(viewer);
    groups.set(key, group);
  }
  for (const { shown, viewers } of groups.values()) {
    a.out.deliver(viewers, line(shown), stamp ?? { time: a.now, msgid: a.nextMsgId() });
  }
}

/** The member a prefix-mode change (q, o, v) names, by nick; undefined for other modes. */
function subjectOf(channel: Channel, change: ModeChange): User | undefined {
  if (!CHANNEL_MODE_SPEC.prefix.includes(change.mode) || change.arg === undefined) return undefined;
  const folded = ircLower(change.arg);
  for (const m of channel.members.values()) if (ircLower(m.user.nick) === folded) return m.user;
  return undefined;
}
