import { hasChannelPrefix, ircLower, wildcardMatch } from '@portalchat/protocol';
import type { Channel, User } from '../model/types';

/**
 * LIST arguments (Modern IRC LIST, ISUPPORT ELIST=CMNTU): a comma list of channel names, name masks
 * (`*foo*`, ELIST M), negated masks (`!*foo*`, ELIST N), user-count conditions (`>5`, `<20`,
 * ELIST U) and age conditions in minutes (`C<5`: created less than 5 minutes ago, `C>5` more than
 * 5 minutes ago, ELIST C; `T<5`/`T>5` the same for when the topic was set, ELIST T, as Modern IRC
 * (ircdocs/modern-irc#171), InspIRCd and solanum read them). Names and masks are alternatives (any
 * may match); counts, ages and negations must all hold. Pure: the caller still applies visibility.
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
  /** ELIST C and T as time bounds (ms since the epoch), from the minutes given and LIST's time. */
  created?: TimeBounds;
  /** A channel without a topic matches no T condition. */
  topicSet?: TimeBounds;
}

/** `after < t < before`, each bound optional. */
export interface TimeBounds {
  after?: number;
  before?: number;
}

/** The ELIST token value matching what parseListFilter understands. */
export const ELIST_SUPPORTED = 'CMNTU';

const MINUTE_MS = 60_000;

/** `now`: the time of the LIST (ms), for the C and T conditions. */
export function parseListFilter(arg: string | undefined, now = 0): ListFilter {
  const filter: ListFilter = { names: new Set(), masks: [], negatedMasks: [] };
  if (!arg) return filter;
  for (const item of arg.split(',')) {
    if (item === '') continue;
    const count = /^([<>])(\d+)$/.exec(item);
    const age = /^([CT])([<>])(\d+)$/.exec(item);
    if (age) {
      const key = age[1] === 'C' ? 'created' : 'topicSet';
      const bounds = (filter[key] ??= {});
      // "C<n": less than n minutes ago, so later than now - n minutes.
      const at = now - Number(age[3]) * MINUTE_MS;
      if (age[2] === '<') bounds.after = at;
      else bounds.before = at;
    } else if (count) {
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
  if (filter.created && !within(channel.createdAt, filter.created)) return false;
  if (filter.topicSet && (channel.topic === undefined || !within(channel.topic.setAt, filter.topicSet))) return false;
  for (const mask of filter.negatedMasks) if (wildcardMatch(mask, channel.name)) return false;
  if (filter.names.size === 0 && filter.masks.length === 0) return true;
  if (filter.names.has(ircLower(channel.name))) return true;
  return filter.masks.some((mask) => wildcardMatch(mask, channel.name));
}

function within(time: number, bounds: TimeBounds): boolean {
  return (bounds.after === undefined || time > bounds.after) && (bounds.before === undefined || time < bounds.before);
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
    filter.maxUsersExclusive === undefined &&
    filter.created === undefined &&
    filter.topicSet === undefined;
  return onlyNames ? filter.names : undefined;
}

/**
 * IRCX HIDDEN (+h): "not enumerated by LIST/LISTX, but queryable by exact name". A hidden channel
 * is listed to its members and to a LIST that names it exactly; +s/+p are isChannelVisibleTo's.
 */
export function isHiddenFromList(channel: Channel, viewer: User, filter: ListFilter): boolean {
  return channel.modes.has('h') && !channel.members.has(viewer.uid) && !filter.names.has(ircLower(channel.name));
}
