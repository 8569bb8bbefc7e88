import { hasChannelPrefix, ircLower, wildcardMatch } from '@portalchat/protocol';
import type { Channel, User } from '../model/types';

/**
 * LIST arguments (Modern IRC LIST, ISUPPORT ELIST=MNU): a comma list of channel names, name masks
 * (`*foo*`, ELIST M), negated masks (`!*foo*`, ELIST N) and user-count conditions (`>5`, `<20`,
 * ELIST U). Names and masks are alternatives (any may match); counts and negations must all hold.
 * Pure: the caller still applies visibility (+s/+p).
 */
export interface ListFilter {
  /** Exact channel names, case-folded. */
  names: Set<string>;
  masks: string[];
  negatedMasks: string[];
  /** Member count must be greater than this (`>n`). */
  minUsersExclusive?: number;
  /** Member count must be less than this (`<n`). */
  maxUsersExclusive?: number;
}

/** The ELIST token value matching what parseListFilter understands. */
export const ELIST_SUPPORTED = 'MNU';

export function parseListFilter(arg: string | undefined): ListFilter {
  const filter: ListFilter = { names: new Set(), masks: [], negatedMasks: [] };
  if (!arg) return filter;
  for (const item of arg.split(',')) {
    if (item === '') continue;
    const count = /^([<>])(\d+)$/.exec(item);
    if (count) {
      const n = Number(count[2]);
      if (count[1] === '>') filter.minUsersExclusive = n;
      else filter.maxUsersExclusive = n;
    } else if (item.startsWith('!')) {
      filter.negatedMasks.push(item.slice(1));
    } else if (item.includes('*') || item.includes('?') || !hasChannelPrefix(item)) {
      filter.masks.push(item);
    } else {
      filter.names.add(ircLower(item));
    }
  }
  return filter;
}

export function matchesListFilter(channel: Channel, filter: ListFilter): boolean {
  const size = channel.members.size;
  if (filter.minUsersExclusive !== undefined && !(size > filter.minUsersExclusive)) return false;
  if (filter.maxUsersExclusive !== undefined && !(size < filter.maxUsersExclusive)) return false;
  for (const mask of filter.negatedMasks) if (wildcardMatch(mask, channel.name)) return false;
  if (filter.names.size === 0 && filter.masks.length === 0) return true;
  if (filter.names.has(ircLower(channel.name))) return true;
  return filter.masks.some((mask) => wildcardMatch(mask, channel.name));
}

/**
 * When the filter names channels only (no masks or conditions), LIST can look them up directly
 * instead of walking every channel: returns those folded names, else undefined.
 */
export function exactNamesOnly(filter: ListFilter): Set<string> | undefined {
  const onlyNames =
    filter.names.size > 0 &&
    filter.masks.length === 0 &&
    filter.negatedMasks.length === 0 &&
    filter.minUsersExclusive === undefined &&
    filter.maxUsersExclusive === undefined;
  return onlyNames ? filter.names : undefined;
}

/**
 * IRCX HIDDEN (+h): "not enumerated by LIST/LISTX, but queryable by exact name". A hidden channel
 * is listed to its members and to a LIST that names it exactly; +s/+p are isChannelVisibleTo's.
 */
export function isHiddenFromList(channel: Channel, viewer: User, filter: ListFilter): boolean {
  return channel.modes.has('h') && !channel.members.has(viewer.uid) && !filter.names.has(ircLower(channel.name));
}
