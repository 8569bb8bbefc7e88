import { ircLower } from '@portalchat/protocol';
import type { Channel, User } from '../model/types';

/**
 * Who may see whom: +i users and +s/+p channels are hidden from those who don't share them
 * (RFC 2811 §4.2.6–4.2.7, RFC 2812 §3.6.1). Operators see everything.
 */

export function isMember(channel: Channel, user: User): boolean {
  return channel.members.has(user.uid);
}

export function sharesChannel(a: User, b: User): boolean {
  const [small, large] = a.channels.size <= b.channels.size ? [a, b] : [b, a];
  for (const folded of small.channels) if (large.channels.has(folded)) return true;
  return false;
}

/** Whether `asker` may see that `target` exists in mask searches (WHO). */
export function canSeeUser(asker: User, target: User): boolean {
  return asker === target || !target.modes.has('i') || asker.modes.has('o') || sharesChannel(asker, target);
}

/** Whether `asker` may see a channel in someone's WHOIS or list its members. */
export function canSeeChannel(asker: User, channel: Channel): boolean {
  if (!channel.modes.has('s') && !channel.modes.has('p')) return true;
  return asker.modes.has('o') || asker.channels.has(ircLower(channel.name));
}
