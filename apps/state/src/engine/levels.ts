import type { IrcxPolicy } from '@portalchat/config';
import type { Membership, User } from '../model/types';

/**
 * IRCX user levels (draft-04 §4.2, Exchange Chat 5.5): admin (sysop manager, user mode +a) >
 * sysop (+o) > owner (+q) > host (+o on the channel) > voice (+v) > member. Pure predicates; the
 * handlers decide what each level may do. Owner and host are separate modes, but every "needs
 * channel operator" check asks for host OR owner, so an owner is never weaker than a host.
 */

/** Channel ranks, comparable with `>=`. */
export const RANK = Object.freeze({ none: 0, member: 1, voice: 2, host: 3, owner: 4 });
export type Rank = (typeof RANK)[keyof typeof RANK];

export function isOwner(membership: Membership | undefined): boolean {
  return membership?.modes.has('q') ?? false;
}

/** Channel operator in the RFC sense: a host (+o) or an owner (+q). */
export function isHostOrOwner(membership: Membership | undefined): boolean {
  return membership !== undefined && (membership.modes.has('q') || membership.modes.has('o'));
}

/** May speak in a +m channel: voice, host or owner. */
export function isVoicedOrAbove(membership: Membership | undefined): boolean {
  return membership !== undefined && (membership.modes.has('v') || isHostOrOwner(membership));
}

/** The rank a membership gives by itself (no sysop powers). */
export function memberRank(membership: Membership | undefined): Rank {
  if (!membership) return RANK.none;
  if (membership.modes.has('q')) return RANK.owner;
  if (membership.modes.has('o')) return RANK.host;
  if (membership.modes.has('v')) return RANK.voice;
  return RANK.member;
}

/** An IRC operator / IRCX sysop (user mode +o; an admin has it too). */
export function isSysop(user: User): boolean {
  return user.modes.has('o');
}

/** An IRCX sysop manager (user mode +a, given only by OPER with an admin account). */
export function isAdmin(user: User): boolean {
  return user.modes.has('a');
}

/**
 * Gagged (user mode +z, set by sysops): everything the user sends to others is dropped silently,
 * and the user is never told (draft-04 §6.1.9).
 */
export function isGagged(user: User): boolean {
  return user.modes.has('z');
}

/**
 * Whether the user acts as an owner of every channel without holding +q: sysop managers always
 * (Exchange gives them the owner's rights for MODE, KICK and TOPIC), sysops only with the service
 * option "Sysop is owner" (config.ircx.sysopIsOwner). A plain sysop has no channel rights.
 */
export function actsAsOwnerEverywhere(user: User, policy: Pick<IrcxPolicy, 'sysopIsOwner'>): boolean {
  return isAdmin(user) || (policy.sysopIsOwner && isSysop(user));
}

/** The rank a user has on a channel, counting sysop powers (see actsAsOwnerEverywhere). */
export function effectiveRank(
  user: User,
  membership: Membership | undefined,
  policy: Pick<IrcxPolicy, 'sysopIsOwner'>,
): Rank {
  return actsAsOwnerEverywhere(user, policy) ? RANK.owner : memberRank(membership);
}

/**
 * STATUSMSG prefixes (ISUPPORT STATUSMSG=@+) and the member modes each one reaches: `@#c` goes to
 * hosts and owners, `+#c` to everyone voiced or above. Owners have no prefix of their own here
 * because `.`/`~` differ per session personality.
 */
export const STATUS_PREFIXES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  '@': ['q', 'o'],
  '+': ['q', 'o', 'v'],
});
