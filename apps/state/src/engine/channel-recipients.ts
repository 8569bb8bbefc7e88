import type { Channel, User } from '../model/types';
import { seesInChannel } from './auditorium';
import { CAP } from './caps';

/**
 * The local members a channel PRIVMSG/NOTICE/TAGMSG from `sender` reaches, here and on a server
 * applying the network event alike: everyone but the sender, only the `status` levels for
 * STATUSMSG (`@#c`), only message-tags clients for TAGMSG, and in an auditorium (+x) only those
 * who see the sender. The hot path of every fan-out: one walk of the members, and the auditorium
 * rule is only asked in an auditorium.
 */
export function channelMessageRecipients(
  channel: Channel,
  sender: User,
  status: readonly string[] | undefined,
  tagmsg: boolean,
): User[] {
  const auditorium = channel.modes.has('x');
  const out: User[] = [];
  for (const m of channel.members.values()) {
    const conn = m.user.local;
    if (!conn || m.user === sender) continue;
    if (status && !status.some((mode) => m.modes.has(mode))) continue;
    if (tagmsg && !conn.caps.has(CAP.messageTags)) continue;
    if (auditorium && !seesInChannel(channel, m.user, sender)) continue;
    out.push(m.user);
  }
  return out;
}
