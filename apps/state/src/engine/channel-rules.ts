import { ircLower, wildcardMatch } from '@portalchat/protocol';
import type { Channel, ListEntry, Membership, User } from '../model/types';
import type { JoinRefusal, SendRefusal } from './errors';

/**
 * Pure channel decisions: may this user join, may it speak, does a mask match it. No output here;
 * handlers turn the returned codes into numerics through the tables in errors.ts.
 */

/** Modes a new channel starts with: no outside messages, topic for ops only (Exchange, most ircds). */
export const DEFAULT_CHANNEL_MODES = ['n', 't'] as const;

/** `nick!user@host` of a user, the form list masks are matched against. */
export function hostmaskOf(user: User): string {
  return `${user.nick}!${user.username}@${user.hostname}`;
}

/**
 * Canonical `nick!user@host` form of a list mask, like ergo's CanonicalizeMaskWildcard:
 * `foo` → `foo!*@*`, `foo@bar` → `*!foo@bar`, `foo!bar` → `foo!bar@*`; empty parts become `*`.
 */
export function normalizeMask(mask: string): string {
  const bang = mask.indexOf('!');
  const at = mask.indexOf('@', bang + 1);
  let nick: string;
  let user: string;
  let host: string;
  if (bang === -1 && at === -1) {
    nick = mask;
    user = '*';
    host = '*';
  } else if (bang === -1) {
    nick = '*';
    user = mask.slice(0, at);
    host = mask.slice(at + 1);
  } else if (at === -1) {
    nick = mask.slice(0, bang);
    user = mask.slice(bang + 1);
    host = '*';
  } else {
    nick = mask.slice(0, bang);
    user = mask.slice(bang + 1, at);
    host = mask.slice(at + 1);
  }
  return `${nick || '*'}!${user || '*'}@${host || '*'}`;
}

/** Whether any entry of a list mode matches the hostmask (case-insensitive, rfc1459). */
export function listMatches(list: readonly ListEntry[], hostmask: string): boolean {
  for (const entry of list) if (wildcardMatch(entry.mask, hostmask)) return true;
  return false;
}

/** Banned: a +b mask matches and no +e mask does. */
export function isBanned(channel: Channel, hostmask: string): boolean {
  return listMatches(channel.lists.b, hostmask) && !listMatches(channel.lists.e, hostmask);
}

/** The entry of a list whose mask equals `mask` under casemapping, if any. */
export function findListEntry(list: readonly ListEntry[], mask: string): number {
  const folded = ircLower(mask);
  return list.findIndex((entry) => ircLower(entry.mask) === folded);
}

/**
 * Whether `user` may join `channel` with `key`, checked in solanum's order: bans, invite-only,
 * key, limit. An INVITE lets the user past +b (like ergo: an operator chose to let them in), +i
 * and +l (like solanum), but never past the key. A +I mask lets the user past +i only.
 */
export function joinRefusal(channel: Channel, user: User, key: string | undefined): JoinRefusal | undefined {
  const hostmask = hostmaskOf(user);
  const invited = channel.invited.has(user.uid);
  if (!invited && isBanned(channel, hostmask)) return 'banned';
  if (channel.modes.has('i') && !invited && !listMatches(channel.lists.I, hostmask)) return 'invite-only';
  if (channel.key !== undefined && key !== channel.key) return 'bad-key';
  if (channel.limit !== undefined && channel.members.size >= channel.limit && !invited) return 'channel-full';
  return undefined;
}

/**
 * Whether `user` may send PRIVMSG/NOTICE to `channel`: +n keeps outsiders out, +m needs voice or
 * op, and a ban (without exception) silences non-voiced members, as on solanum and ergo.
 */
export function sendRefusal(channel: Channel, user: User): SendRefusal | undefined {
  const membership = channel.members.get(user.uid);
  if (membership && isOpOrVoiced(membership)) return undefined;
  if (!membership && channel.modes.has('n')) return 'not-member';
  if (channel.modes.has('m')) return 'moderated';
  if (isBanned(channel, hostmaskOf(user))) return 'banned';
  return undefined;
}

export function isOp(membership: Membership | undefined): boolean {
  return membership?.modes.has('o') ?? false;
}

function isOpOrVoiced(membership: Membership): boolean {
  return membership.modes.has('o') || membership.modes.has('v');
}

/** Public `=`, private `*`, secret `@`: the channel type symbol of RPL_NAMREPLY. */
export function channelSymbol(channel: Channel): '=' | '*' | '@' {
  if (channel.modes.has('s')) return '@';
  if (channel.modes.has('p')) return '*';
  return '=';
}

/**
 * Whether `viewer` may see the channel in LIST/NAMES/WHOIS: members always; others only when it is
 * neither +s nor +p. RFC 1459 showed +p channels as "Prv"; modern servers drop that and hide them
 * like +s, which leaks nothing, so we hide both.
 */
export function isChannelVisibleTo(channel: Channel, viewer: User): boolean {
  if (!channel.modes.has('s') && !channel.modes.has('p')) return true;
  return channel.members.has(viewer.uid);
}
