import type { IrcxPolicy } from '@portalchat/config';
import { ircLower, wildcardMatch, type AccessLevel } from '@portalchat/protocol';
import type { Channel, ListEntry, User } from '../model/types';
import { accessTargetsOf, accessVerdict } from './access';
import type { JoinRefusal, SendRefusal } from './errors';
import { isAdmin, isSysop, isVoicedOrAbove } from './levels';

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

/** What list masks (+b +e +I) are matched against: the shown hostmask and, with a cloak, the real one. */
export function hostmasksOf(user: User): readonly string[] {
  const shown = hostmaskOf(user);
  return user.realHost === undefined ? [shown] : [shown, `${user.nick}!${user.username}@${user.realHost}`];
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
export function listMatches(list: readonly ListEntry[], hostmask: string | readonly string[]): boolean {
  const masks = typeof hostmask === 'string' ? [hostmask] : hostmask;
  for (const entry of list) if (masks.some((m) => wildcardMatch(entry.mask, m))) return true;
  return false;
}

/** Banned: a +b mask matches and no +e mask does. */
export function isBanned(channel: Channel, hostmask: string | readonly string[]): boolean {
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
  const hostmask = hostmasksOf(user);
  const invited = channel.invited.has(user.uid);
  if (!invited && isBanned(channel, hostmask)) return 'banned';
  if (channel.modes.has('i') && !invited && !listMatches(channel.lists.I, hostmask)) return 'invite-only';
  if (channel.key !== undefined && key !== channel.key) return 'bad-key';
  if (channel.limit !== undefined && channel.members.size >= channel.limit && !invited) return 'channel-full';
  return undefined;
}

/** The membership modes a join hands out: owner, host, voice or nothing. */
export type JoinStatus = '' | 'q' | 'o' | 'v';

/** A join let in (with the status it gives) or refused (with the DENY entry's reason, if any). */
export type JoinDecision = { status: JoinStatus } | { refusal: JoinRefusal; reason?: string };

const STATUS_OF_LEVEL: Readonly<Record<Exclude<AccessLevel, 'DENY'>, JoinStatus>> = {
  OWNER: 'q',
  HOST: 'o',
  VOICE: 'v',
  GRANT: '',
};

/**
 * The IRCX join decision for an existing channel, in this order:
 * 1. sysop managers always get in, as owner; sysops too when the service makes them owners of
 *    dynamic channels (Exchange's "Sysop is owner in dynamic channels");
 * 2. ACCESS: a DENY refuses even with a key; then +S (secure only) refuses a user without TLS,
 *    whatever else would let them in (InspIRCd's +z); OWNER/HOST/VOICE/GRANT get past +i/+k/+l/+b and
 *    give their status;
 * 3. +a (AUTHONLY): only users with an account (AUTH/PASS) get further, whatever their ACCESS;
 * 4. keys: OWNERKEY joins as owner, HOSTKEY as host (both past +i/+l/+b: "Owners and hosts
 *    ignore the member limit"); MEMBERKEY is the +k key, checked with the rest in joinRefusal;
 * 5. the RFC checks of joinRefusal.
 */
export function joinDecision(
  channel: Channel,
  user: User,
  key: string | undefined,
  now: number,
  policy: Pick<IrcxPolicy, 'sysopIsOwner'>,
): JoinDecision {
  if (isAdmin(user) || (policy.sysopIsOwner && isSysop(user) && !channel.registered)) return { status: 'q' };
  const verdict = accessVerdict(channel.access, accessTargetsOf(user), now);
  if (verdict?.level === 'DENY') return { refusal: 'access-denied', reason: verdict.reason };
  if (channel.modes.has('S') && user.tls !== true) return { refusal: 'secure-only' };
  if (channel.modes.has('a') && user.account === undefined) return { refusal: 'auth-only' };
  if (verdict) return { status: STATUS_OF_LEVEL[verdict.level] };
  if (key !== undefined) {
    if (key === channel.props.get('OWNERKEY')) return { status: 'q' };
    if (key === channel.props.get('HOSTKEY')) return { status: 'o' };
  }
  const refusal = joinRefusal(channel, user, key);
  return refusal ? { refusal } : { status: '' };
}

/**
 * Whether `user` may send PRIVMSG/NOTICE to `channel`: +n keeps outsiders out, +m needs voice or
 * op, and a ban (without exception) silences non-voiced members, as on solanum and ergo.
 */
export function sendRefusal(channel: Channel, user: User): SendRefusal | undefined {
  const membership = channel.members.get(user.uid);
  if (isVoicedOrAbove(membership)) return undefined;
  if (!membership && channel.modes.has('n')) return 'not-member';
  if (channel.modes.has('m')) return 'moderated';
  if (isBanned(channel, hostmasksOf(user))) return 'banned';
  return undefined;
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
