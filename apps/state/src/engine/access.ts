import { ircLower, wildcardMatch, type AccessLevel } from '@portalchat/protocol';
import type { AccessEntry, User } from '../model/types';

/**
 * IRCX ACCESS (draft-04 §5.1, Exchange Chat 5.5): masks, matching, expiry and the verdict an
 * ACCESS list gives for one user. Pure: no output, `now` is always a parameter. The same lists
 * hang on channels, on `$` (this server), on `*` (the network) and on a user's own nick.
 */

/** Levels in the order they are evaluated: the first level with a matching entry decides. */
export const ACCESS_LEVELS: readonly AccessLevel[] = Object.freeze(['OWNER', 'HOST', 'VOICE', 'GRANT', 'DENY']);

/** draft-04: "The default mask is `*!*@*$*`" (an ACCESS ADD without a mask covers everyone). */
export const DEFAULT_ACCESS_MASK = '*!*@*$*';

export function isAccessLevel(word: string): word is AccessLevel {
  return (ACCESS_LEVELS as readonly string[]).includes(word);
}

/**
 * The canonical `nick!user@host$server` form of an ACCESS mask. A bare word is a nick
 * (`piper` → `piper!*@*$*`), a bare word with a dot a host (`litware.com` → `*!*@litware.com$*`),
 * as the IRCX draft says; otherwise the parts given keep their place and missing ones become `*`
 * (`foo@bar` → `*!foo@bar$*`, `foo!bar` → `foo!bar@*$*`, `$srv` → `*!*@*$srv`).
 */
export function normalizeAccessMask(mask: string): string {
  if (mask === '') return DEFAULT_ACCESS_MASK;
  const dollar = mask.lastIndexOf('$');
  const who = dollar === -1 ? mask : mask.slice(0, dollar);
  const server = dollar === -1 ? '' : mask.slice(dollar + 1);
  const bang = who.indexOf('!');
  const at = who.indexOf('@', bang + 1);
  let nick = '';
  let user = '';
  let host = '';
  if (bang === -1 && at === -1) {
    if (who.includes('.')) host = who;
    else nick = who;
  } else if (bang === -1) {
    user = who.slice(0, at);
    host = who.slice(at + 1);
  } else if (at === -1) {
    nick = who.slice(0, bang);
    user = who.slice(bang + 1);
  } else {
    nick = who.slice(0, bang);
    user = who.slice(bang + 1, at);
    host = who.slice(at + 1);
  }
  return `${nick || '*'}!${user || '*'}@${host || '*'}$${server || '*'}`;
}

/** What ACCESS masks are matched against: `nick!user@host$server`. */
export function accessTargetOf(user: Pick<User, 'nick' | 'username' | 'hostname' | 'serverName'>): string {
  return `${user.nick}!${user.username}@${user.hostname}$${user.serverName}`;
}

/** The targets an entry may match: with a cloak, the real host's form too (a ban on either holds). */
export function accessTargetsOf(
  user: Pick<User, 'nick' | 'username' | 'hostname' | 'realHost' | 'serverName'>,
): readonly string[] {
  const shown = accessTargetOf(user);
  if (user.realHost === undefined) return [shown];
  return [shown, `${user.nick}!${user.username}@${user.realHost}$${user.serverName}`];
}

export function isExpired(entry: AccessEntry, now: number): boolean {
  return entry.expiresAt !== 0 && entry.expiresAt <= now;
}

/**
 * Drops lapsed entries in place. Every server drops them by the same clock rule, so expiry needs
 * no network event.
 */
export function pruneExpired(list: AccessEntry[], now: number): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const entry = list[i];
    if (entry && isExpired(entry, now)) list.splice(i, 1);
  }
}

/** The index of the entry with this level and (normalised) mask, compared under rfc1459; -1 if none. */
export function findAccessEntry(list: readonly AccessEntry[], level: AccessLevel, mask: string): number {
  const folded = ircLower(mask);
  return list.findIndex((entry) => entry.level === level && ircLower(entry.mask) === folded);
}

/** What an ACCESS list says about one user: the deciding level, and the DENY entry's reason. */
export interface AccessVerdict {
  level: AccessLevel;
  /** For DENY: the matching entry's reason ('' when refused only because GRANT entries exist). */
  reason: string;
}

/**
 * The verdict of `list` for the user written as `target` (see accessTargetOf), undefined when the
 * list has nothing to say. Levels are tried in the order OWNER, HOST, VOICE, GRANT, DENY and the
 * first with a matching live entry decides. draft-04: "If an object has GRANT entries but no
 * DENY entries, everyone not granted is denied", so such a list refuses a user it does not match.
 */
export function accessVerdict(
  list: readonly AccessEntry[],
  target: string | readonly string[],
  now: number,
): AccessVerdict | undefined {
  const targets = typeof target === 'string' ? [target] : target;
  let hasGrant = false;
  let hasDeny = false;
  let best: AccessEntry | undefined;
  for (const entry of list) {
    if (isExpired(entry, now)) continue;
    if (entry.level === 'GRANT') hasGrant = true;
    if (entry.level === 'DENY') hasDeny = true;
    if (best && rankOf(best.level) <= rankOf(entry.level)) continue;
    if (targets.some((t) => wildcardMatch(entry.mask, t))) best = entry;
  }
  if (best) return { level: best.level, reason: best.level === 'DENY' ? best.reason : '' };
  if (hasGrant && !hasDeny) return { level: 'DENY', reason: '' };
  return undefined;
}

function rankOf(level: AccessLevel): number {
  return ACCESS_LEVELS.indexOf(level);
}

/**
 * Whether the ACCESS list on `target`'s own nick keeps `sender` out (draft-04: users may set
 * ACCESS on their own nick, which "blocks messages and invites"): a matching DENY blocks, and a
 * list of GRANT entries only lets in nobody else. One's own list never blocks oneself, and it
 * never blocks sysops, who stand above every user-level list.
 */
export function nickAccessBlocks(target: User, sender: User, now: number): boolean {
  if (target === sender || target.access.length === 0 || sender.modes.has('o')) return false;
  return accessVerdict(target.access, accessTargetsOf(sender), now)?.level === 'DENY';
}

/** Minutes an entry has left as ACCESS shows them: 0 for a permanent one, at least 1 otherwise. */
export function minutesLeft(entry: AccessEntry, now: number): number {
  if (entry.expiresAt === 0) return 0;
  return Math.max(1, Math.ceil((entry.expiresAt - now) / 60_000));
}

/**
 * Whether `ACCESS $` (this server) and `ACCESS *` (the network) keep a registering user out, like
 * a K-line: the reason of the refusal ('' when a list of GRANT entries simply does not name the
 * user), or undefined when the user may connect. The two lists are read as one, so a GRANT on
 * either makes an exception to a DENY on the other.
 */
export function serverAccessDenial(
  serverList: readonly AccessEntry[],
  networkList: readonly AccessEntry[],
  user: Pick<User, 'nick' | 'username' | 'hostname' | 'realHost' | 'serverName'>,
  now: number,
): string | undefined {
  if (serverList.length === 0 && networkList.length === 0) return undefined;
  const verdict = accessVerdict([...serverList, ...networkList], accessTargetsOf(user), now);
  return verdict?.level === 'DENY' ? verdict.reason : undefined;
}
