import { BlockList, isIP } from 'node:net';
import { ircLower, wildcardMatch } from '@portalchat/protocol';
import type { ServerBan, ServerBanKind } from '../model/types';

/**
 * K-, D- and G-lines (issue 12): masks, matching, expiry and how two versions of one GLINE are
 * settled. Pure: `now` is always a parameter, and expiry is an absolute time, so every server
 * drops a ban at the same moment and a replay drops it at the same input.
 */

/** How replies and quit messages name each kind (`K-Lined: <reason>`, as InspIRCd and solanum). */
export const BAN_LABEL: Readonly<Record<ServerBanKind, string>> = { K: 'K-Line', D: 'D-Line', G: 'G-Line' };

/** A removed GLINE is remembered this long, so a server that missed the removal cannot revive it. */
export const TOMBSTONE_MS = 7 * 24 * 3600_000;

/** Minutes a ban may last: up to a year, which keeps `now + minutes` an exact integer. */
export const MAX_BAN_MINUTES = 525_600;

/** Who a ban is tested against: the username, every host the user is known by, and the IP. */
export interface BanSubject {
  username: string;
  /** The real host and, with cloaking on, the cloaked one: a ban on either matches. */
  hosts: readonly string[];
  ip: string;
}

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) is matched as `192.0.2.1`. */
export function plainIp(ip: string): string {
  return ip.toLowerCase().startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}

/** An IP (`192.0.2.1`, `2001:db8::1`) or CIDR (`192.0.2.0/24`, `2001:db8::/32`), canonical; else undefined. */
export function normalizeIpMask(mask: string): string | undefined {
  const slash = mask.indexOf('/');
  const address = plainIp(slash === -1 ? mask : mask.slice(0, slash));
  const family = isIP(address);
  if (family === 0) return undefined;
  if (slash === -1) return address.toLowerCase();
  const bitsText = mask.slice(slash + 1);
  const bits = Number(bitsText);
  if (!/^\d{1,3}$/.test(bitsText) || bits > (family === 4 ? 32 : 128)) return undefined;
  return `${address.toLowerCase()}/${bits}`;
}

/** Whether `ip` is the address or inside the CIDR block `mask` (a normalised IP mask). */
export function ipMatches(mask: string, ip: string): boolean {
  const address = plainIp(ip);
  const family = isIP(address);
  const slash = mask.indexOf('/');
  const base = slash === -1 ? mask : mask.slice(0, slash);
  const baseFamily = isIP(base);
  if (family === 0 || baseFamily !== family) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  if (slash === -1) list.addAddress(base, type);
  else list.addSubnet(base, Number(mask.slice(slash + 1)), type);
  return list.check(address, type);
}

/**
 * The canonical `user@host` of a K- or G-line mask (`host` alone means `*@host`), or why it is
 * refused: a mask that matches everyone (`*@*`) would lock out the whole server.
 */
export function normalizeUserHostMask(mask: string): { mask: string } | { problem: string } {
  const at = mask.lastIndexOf('@');
  const user = at === -1 ? '*' : mask.slice(0, at) || '*';
  const host = at === -1 ? mask : mask.slice(at + 1);
  if (host === '' || /[\s!,]/.test(mask)) return { problem: 'not a user@host mask' };
  const onlyWild = (part: string) => /^[*?]+$/.test(part);
  if (onlyWild(user) && /^[*?.]+$/.test(host)) return { problem: 'too wide: it matches everyone' };
  return { mask: `${user}@${normalizeIpMask(host) ?? host}` };
}

/** Whether a live or lapsed ban's mask covers the subject (K and G: `user@host`; D: the IP). */
export function banCovers(kind: ServerBanKind, mask: string, subject: BanSubject): boolean {
  if (kind === 'D') return ipMatches(mask, subject.ip);
  const at = mask.lastIndexOf('@');
  const userMask = mask.slice(0, at);
  const hostMask = mask.slice(at + 1);
  if (!wildcardMatch(userMask, subject.username)) return false;
  if (normalizeIpMask(hostMask) !== undefined) return ipMatches(hostMask, subject.ip);
  return wildcardMatch(hostMask, subject.ip) || subject.hosts.some((host) => wildcardMatch(hostMask, host));
}

/** In force: not removed and not lapsed. */
export function isLive(ban: ServerBan, now: number): boolean {
  return !ban.removed && (ban.expiresAt === 0 || ban.expiresAt > now);
}

/**
 * Drops lapsed bans and tombstones past TOMBSTONE_MS, in place. Every server drops them by the
 * same clock rule, so expiry needs no network event.
 */
export function pruneBans(list: ServerBan[], now: number): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const ban = list[i];
    if (!ban) continue;
    const gone = ban.removed ? ban.setAt + TOMBSTONE_MS <= now : ban.expiresAt !== 0 && ban.expiresAt <= now;
    if (gone) list.splice(i, 1);
  }
}

/** The index of the entry (live, lapsed or tombstone) with this mask, compared under rfc1459; -1 if none. */
export function findBan(list: readonly ServerBan[], mask: string): number {
  const folded = ircLower(mask);
  return list.findIndex((ban) => ircLower(ban.mask) === folded);
}

/** The first live ban of the list that covers the subject. */
export function matchingBan(
  kind: ServerBanKind,
  list: readonly ServerBan[],
  subject: BanSubject,
  now: number,
): ServerBan | undefined {
  return list.find((ban) => isLive(ban, now) && banCovers(kind, ban.mask, subject));
}

/**
 * Takes `incoming` into the list when it is newer than the version held (`setAt`; at equal times
 * a removal wins, then the later expiry, so every server settles alike). Returns whether it was
 * taken. A lapsed ban is not taken: it would be pruned at once everywhere.
 */
export function mergeBan(list: ServerBan[], incoming: ServerBan, now: number): boolean {
  if (!incoming.removed && incoming.expiresAt !== 0 && incoming.expiresAt <= now) return false;
  const index = findBan(list, incoming.mask);
  const held = index === -1 ? undefined : list[index];
  if (held && !newer(incoming, held)) return false;
  if (index === -1) list.push({ ...incoming });
  else list[index] = { ...incoming };
  return true;
}

function newer(a: ServerBan, b: ServerBan): boolean {
  if (a.setAt !== b.setAt) return a.setAt > b.setAt;
  if (Boolean(a.removed) !== Boolean(b.removed)) return Boolean(a.removed);
  return a.expiresAt === 0 ? b.expiresAt !== 0 : b.expiresAt !== 0 && a.expiresAt > b.expiresAt;
}

/**
 * InspIRCd's duration words: `3600` (seconds), `1h30m`, `2d`, `1w`; in seconds, or undefined when
 * the word is not a duration (then it is the start of the reason).
 */
export function parseInspDuration(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  const units: Record<string, number> = { y: 31_536_000, w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 };
  if (!/^(\d+[ywdhms])+$/i.test(word)) return undefined;
  let seconds = 0;
  for (const [, n, unit] of word.toLowerCase().matchAll(/(\d+)([ywdhms])/g))
    seconds += Number(n) * (units[unit ?? 's'] ?? 1);
  return seconds;
}

/** What a KLINE/DLINE/GLINE line asks for. */
export interface BanRequest {
  /** 0 = permanent. */
  minutes: number;
  mask: string;
  reason: string;
}

/**
 * The two forms operators type:
 * - solanum/hybrid: `KLINE [<minutes>] <mask> [:<reason>]`
 * - InspIRCd: `KLINE <mask> <duration> :<reason>` (duration in seconds or `1h30m`; 0 = permanent)
 * A leading number is solanum's minutes; a duration after the mask is InspIRCd's, rounded up to
 * whole minutes. Undefined when the mask is missing.
 */
export function parseBanRequest(params: readonly string[]): BanRequest | undefined {
  const [first, second, third] = params;
  if (first === undefined) return undefined;
  if (/^\d+$/.test(first) && second !== undefined) {
    return { minutes: Math.min(Number(first), MAX_BAN_MINUTES), mask: second, reason: third ?? '' };
  }
  const seconds = second !== undefined && third !== undefined ? parseInspDuration(second) : undefined;
  if (seconds !== undefined) {
    return { minutes: Math.min(Math.ceil(seconds / 60), MAX_BAN_MINUTES), mask: first, reason: third ?? '' };
  }
  return { minutes: 0, mask: first, reason: second ?? '' };
}
