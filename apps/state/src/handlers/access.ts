import {
  CHANNEL_PREFIXES,
  ERR_BADCOMMAND,
  ERR_BADLEVEL,
  ERR_DUPACCESS,
  ERR_MISACCESS,
  ERR_NEEDMOREPARAMS,
  ERR_NOACCESS,
  ERR_NOSUCHOBJECT,
  ERR_TOOMANYACCESSES,
  RPL_ACCESSADD,
  RPL_ACCESSDELETE,
  RPL_ACCESSEND,
  RPL_ACCESSLIST,
  RPL_ACCESSSTART,
  type AccessLevel,
  type IrcMessage,
  type NetEvent,
} from '@portalchat/protocol';
import {
  ACCESS_LEVELS,
  DEFAULT_ACCESS_MASK,
  findAccessEntry,
  isAccessLevel,
  minutesLeft,
  normalizeAccessMask,
  pruneExpired,
} from '../engine/access';
import { userPrefix, type RegisteredContext, type CommandSpec } from '../engine/context';
import { effectiveRank, isSysop, RANK } from '../engine/levels';
import type { AccessEntry, Channel, User } from '../model/types';

/**
 * IRCX ACCESS (draft-04 §5.1): the lists of channels, of `$` (this server), of `*` (the network)
 * and of one's own nick. Only IRCX sessions can send it (ircxOnly), so every reply is an IRCX
 * numeric. Who may do what:
 * - a channel: hosts manage VOICE, GRANT and DENY; only owners manage OWNER and HOST entries, and
 *   hosts cannot delete what an owner added ("Hosts cannot delete entries that owners added");
 * - `$` and `*`: sysops, DENY and GRANT only (the other levels mean nothing for a server);
 * - one's own nick: its user, DENY and GRANT only (they block messages and invites).
 */

/** Minutes an entry may last: up to a year, which keeps `now + minutes` an exact integer. */
const MAX_TIMEOUT_MINUTES = 525_600;
/** Reasons are kept like KICK reasons: short enough for every reply line. */
const REASON_BYTES_FALLBACK = 255;

/** What ACCESS acts on, with the list and the name replies show. */
type AccessObject =
  | { kind: 'channel'; name: string; list: AccessEntry[]; channel: Channel }
  | { kind: 'server'; name: '$'; list: AccessEntry[] }
  | { kind: 'network'; name: '*'; list: AccessEntry[] }
  | { kind: 'nick'; name: string; list: AccessEntry[]; user: User };

/** What the asking user may do on an object; undefined means 913 for every subcommand. */
interface AccessRights {
  /** Levels this object takes at all (others are 903). */
  levels: readonly AccessLevel[];
  /** Levels this user may add, delete and clear (others are 913). */
  manages: (level: AccessLevel) => boolean;
  /** Entries this user may delete. */
  mayDelete: (entry: AccessEntry) => boolean;
  /** New entries are the owner's (hosts cannot delete them). */
  asOwner: boolean;
}

const GRANT_DENY: readonly AccessLevel[] = ['GRANT', 'DENY'];
const HOST_LEVELS: readonly AccessLevel[] = ['VOICE', 'GRANT', 'DENY'];

// ACCESS <object> [LIST]  |  ACCESS <object> ADD|DELETE <level> [<mask> [<minutes> [:<reason>]]]  |  ACCESS <object> CLEAR [<level>]
function handleAccess(ctx: RegisteredContext, msg: IrcMessage): void {
  const [target = '', rawSub = 'LIST', ...rest] = msg.params;
  const sub = rawSub.toUpperCase();
  if (!['LIST', 'ADD', 'DELETE', 'CLEAR'].includes(sub)) {
    ctx.reply(ERR_BADCOMMAND, rawSub, 'Bad command');
    return;
  }
  const object = resolveObject(ctx, target);
  if (!object) return;
  const rights = rightsOn(ctx, object);
  if (!rights) {
    ctx.reply(ERR_NOACCESS, object.name, 'No access');
    return;
  }
  pruneExpired(object.list, ctx.now);
  if (sub === 'LIST') listEntries(ctx, object);
  else if (sub === 'CLEAR') clearEntries(ctx, object, rights, rest[0]);
  else if (rest[0] === undefined) ctx.reply(ERR_NEEDMOREPARAMS, 'ACCESS', 'Not enough parameters');
  else if (sub === 'ADD') addEntry(ctx, object, rights, rest);
  else deleteEntry(ctx, object, rights, rest);
}

/** The object named by `target`, or undefined after 924 (no such channel or nick) / 913 (someone else's nick). */
function resolveObject(ctx: RegisteredContext, target: string): AccessObject | undefined {
  if (target === '$') return { kind: 'server', name: '$', list: ctx.state.serverAccess };
  if (target === '*') return { kind: 'network', name: '*', list: ctx.state.networkAccess };
  if (CHANNEL_PREFIXES.includes(target[0] ?? '')) {
    const channel = ctx.state.channel(target);
    if (channel) return { kind: 'channel', name: channel.name, list: channel.access, channel };
  } else {
    const user = ctx.state.userByNick(target);
    if (user === ctx.user) return { kind: 'nick', name: user.nick, list: user.access, user };
    if (user) {
      ctx.reply(ERR_NOACCESS, user.nick, 'No access');
      return undefined;
    }
  }
  ctx.reply(ERR_NOSUCHOBJECT, target || '*', 'No such object found');
  return undefined;
}

function rightsOn(ctx: RegisteredContext, object: AccessObject): AccessRights | undefined {
  const { user } = ctx;
  switch (object.kind) {
    case 'server':
    case 'network':
      return isSysop(user)
        ? { levels: GRANT_DENY, manages: () => true, mayDelete: () => true, asOwner: true }
        : undefined;
    case 'nick':
      return { levels: GRANT_DENY, manages: () => true, mayDelete: () => true, asOwner: true };
    case 'channel': {
      const rank = effectiveRank(user, object.channel.members.get(user.uid), ctx.config.ircx);
      if (rank >= RANK.owner)
        return { levels: ACCESS_LEVELS, manages: () => true, mayDelete: () => true, asOwner: true };
      if (rank < RANK.host) return undefined;
      return {
        levels: ACCESS_LEVELS,
        manages: (level) => HOST_LEVELS.includes(level),
        mayDelete: (entry) => HOST_LEVELS.includes(entry.level) && !entry.byOwner,
        asOwner: false,
      };
    }
  }
}

/**
 * The level word as a level this object takes, or undefined after 903 (unknown, or meaningless
 * for the object) or 913 (the user may not manage it).
 */
function levelFor(
  ctx: RegisteredContext,
  object: AccessObject,
  rights: AccessRights,
  word: string,
): AccessLevel | undefined {
  const level = word.toUpperCase();
  if (!isAccessLevel(level) || !rights.levels.includes(level)) {
    ctx.reply(ERR_BADLEVEL, word, 'Bad level');
    return undefined;
  }
  if (!rights.manages(level)) {
    ctx.reply(ERR_NOACCESS, object.name, 'No access');
    return undefined;
  }
  return level;
}

/** `<obj> <level> <mask> <minutes left> <setter> :<reason>` (801 and 804 share it). */
function entryParams(ctx: RegisteredContext, object: AccessObject, entry: AccessEntry): string[] {
  return [object.name, entry.level, entry.mask, String(minutesLeft(entry, ctx.now)), entry.setBy, entry.reason];
}

function listEntries(ctx: RegisteredContext, object: AccessObject): void {
  ctx.reply(RPL_ACCESSSTART, object.name, 'Start of access entries');
  for (const entry of object.list) ctx.reply(RPL_ACCESSLIST, ...entryParams(ctx, object, entry));
  ctx.reply(RPL_ACCESSEND, object.name, 'End of access entries');
}

function addEntry(ctx: RegisteredContext, object: AccessObject, rights: AccessRights, args: string[]): void {
  const [levelWord = '', rawMask, rawMinutes, rawReason = ''] = args;
  const level = levelFor(ctx, object, rights, levelWord);
  if (!level) return;
  const minutes = rawMinutes === undefined ? 0 : /^\d{1,6}$/.test(rawMinutes) ? Number(rawMinutes) : NaN;
  if (!(minutes <= MAX_TIMEOUT_MINUTES)) {
    ctx.reply(ERR_BADCOMMAND, 'ACCESS', 'Bad command');
    return;
  }
  const mask = normalizeAccessMask(rawMask ?? DEFAULT_ACCESS_MASK);
  if (findAccessEntry(object.list, level, mask) !== -1) {
    ctx.reply(ERR_DUPACCESS, 'Duplicate access entry');
    return;
  }
  if (object.list.length >= ctx.config.ircx.maxAccessEntries) {
    ctx.reply(ERR_TOOMANYACCESSES, 'Too many access entries');
    return;
  }
  const reasonLength = ctx.config.limits.kickLength || REASON_BYTES_FALLBACK;
  const entry: AccessEntry = {
    level,
    mask,
    expiresAt: minutes === 0 ? 0 : ctx.now + minutes * 60_000,
    setBy: userPrefix(ctx.user),
    setAt: ctx.now,
    reason: Array.from(rawReason).slice(0, reasonLength).join(''),
    byOwner: rights.asOwner,
  };
  object.list.push(entry);
  ctx.reply(RPL_ACCESSADD, ...entryParams(ctx, object, entry));
  emit(ctx, object, (net) => ({ type: 'access-add', ...net, entry: { ...entry } }));
}

function deleteEntry(ctx: RegisteredContext, object: AccessObject, rights: AccessRights, args: string[]): void {
  const [levelWord = '', rawMask] = args;
  const level = levelFor(ctx, object, rights, levelWord);
  if (!level) return;
  const mask = normalizeAccessMask(rawMask ?? DEFAULT_ACCESS_MASK);
  const index = findAccessEntry(object.list, level, mask);
  const entry = object.list[index];
  if (!entry) {
    ctx.reply(ERR_MISACCESS, 'Unknown access entry');
    return;
  }
  if (!rights.mayDelete(entry)) {
    ctx.reply(ERR_NOACCESS, object.name, 'No access');
    return;
  }
  object.list.splice(index, 1);
  ctx.reply(RPL_ACCESSDELETE, object.name, entry.level, entry.mask);
  emit(ctx, object, (net) => ({ type: 'access-del', ...net, level: entry.level, mask: entry.mask }));
}

/**
 * Removes the entries (of `levelWord`, or all) the user may delete, each confirmed by an 802.
 * A host's CLEAR leaves the owners' entries; when something stays, the other servers get one
 * `access-del` per removed entry, else a single `access-clear`.
 */
function clearEntries(
  ctx: RegisteredContext,
  object: AccessObject,
  rights: AccessRights,
  levelWord: string | undefined,
): void {
  let level: AccessLevel | undefined;
  if (levelWord !== undefined) {
    level = levelFor(ctx, object, rights, levelWord);
    if (!level) return;
  }
  const removed: AccessEntry[] = [];
  let kept = 0;
  for (let i = object.list.length - 1; i >= 0; i--) {
    const entry = object.list[i];
    if (!entry || (level !== undefined && entry.level !== level)) continue;
    if (rights.mayDelete(entry)) removed.unshift(...object.list.splice(i, 1));
    else kept++;
  }
  for (const entry of removed) ctx.reply(RPL_ACCESSDELETE, object.name, entry.level, entry.mask);
  if (removed.length === 0) return;
  if (kept === 0) {
    emit(ctx, object, (net) => (level ? { type: 'access-clear', ...net, level } : { type: 'access-clear', ...net }));
  } else {
    for (const entry of removed)
      emit(ctx, object, (net) => ({ type: 'access-del', ...net, level: entry.level, mask: entry.mask }));
  }
}

/** How an object is named on the network: a channel with its TS, `*`, or a user's uid. `$` stays here. */
function emit(
  ctx: RegisteredContext,
  object: AccessObject,
  build: (net: { object: string; channelTs?: number }) => NetEvent,
): void {
  switch (object.kind) {
    case 'server':
      return; // `$` is this server's own list: it never travels
    case 'network':
      return ctx.network.emit(build({ object: '*' }));
    case 'nick':
      return ctx.network.emit(build({ object: object.user.uid }));
    case 'channel':
      return ctx.network.emit(build({ object: object.channel.name, channelTs: object.channel.createdAt }));
  }
}

export const accessCommands: Record<string, CommandSpec> = {
  ACCESS: { handler: handleAccess, minParams: 1, ircxOnly: true },
};
