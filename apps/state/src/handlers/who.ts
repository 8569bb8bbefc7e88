import {
  CHANNEL_PREFIXES,
  RPL_ENDOFWHO,
  RPL_WHOREPLY,
  RPL_WHOSPCRPL,
  ircEquals,
  wildcardMatch,
  hexNickOf,
  unicodeNickFromHex,
  type IrcMessage,
} from '@portalchat/protocol';
import type { CommandSpec, RegisteredContext } from '../engine/context';
import { CAP } from '../engine/caps';
import type { Channel, User } from '../model/types';
import { canSeeChannel, canSeeUser, isMember } from './visibility';
import { memberPrefix } from '../engine/membership-view';
import { seesInChannel } from '../engine/auditorium';
import { BOT_MODE } from '../engine/sender-tags';

/**
 * WHO (RFC 2812 §3.6.1) and WHOX (https://ircv3.net/specs/extensions/whox): `WHO <mask> [o]`
 * answers 352 per user; `WHO <mask> [o]%<fields>[,<token>]` answers 354 with the chosen fields.
 */

/** WHOX fields in the order 354 carries them, whatever order the client asked in. */
const WHOX_FIELD_ORDER = 'tcuihsnfdlaor';
/** What non-operators see in place of another user's IP (as solanum and ergo do). */
const HIDDEN_IP = '255.255.255.255';

interface WhoOptions {
  operatorsOnly: boolean;
  /** WHOX fields requested, or undefined for a classic 352 reply. */
  whoxFields?: string;
  whoxToken: string;
}

/** Parses the second WHO param: `o`, `%cnuf`, `o%tnf,42`. */
export function parseWhoOptions(param: string | undefined): WhoOptions {
  const [flags = '', whox] = (param ?? '').split('%', 2);
  const options: WhoOptions = { operatorsOnly: flags.includes('o'), whoxToken: '0' };
  if (whox !== undefined) {
    const [fields = '', token] = whox.split(',', 2);
    options.whoxFields = fields;
    // "The query type MUST be a number between 0 and 999" (WHOX): anything else is dropped.
    if (token !== undefined && /^\d{1,3}$/.test(token)) options.whoxToken = token;
  }
  return options;
}

/** One user as seen through WHO, with the channel the row is about (if any). */
interface WhoRow {
  user: User;
  channel?: Channel;
}

function hasWildcard(mask: string): boolean {
  return mask.includes('*') || mask.includes('?');
}

/** The rows `WHO <mask>` returns to the asker, before the `o` filter. */
function collectRows(ctx: RegisteredContext, mask: string): WhoRow[] {
  const asker = ctx.user;
  if (CHANNEL_PREFIXES.includes(mask[0] ?? '')) {
    const channel = ctx.state.channel(mask);
    if (!channel || !canSeeChannel(asker, channel)) return [];
    const askerInside = isMember(channel, asker) || asker.modes.has('o');
    const rows: WhoRow[] = [];
    for (const { user } of channel.members.values()) {
      // Outside a channel you only see its visible members (RFC 2812 §3.6.1); in an IRCX
      // auditorium (+x) plain members see only themselves and the hosts/owners (sysops see all).
      if (!askerInside && user.modes.has('i')) continue;
      if (asker.modes.has('o') || seesInChannel(channel, asker, user)) rows.push({ user, channel });
    }
    return rows;
  }
  const everyone = mask === '' || mask === '*' || mask === '0';
  // A plain client names a Unicode nick by its `^hex` (draft-04 §2.2).
  const named = unicodeNickFromHex(mask) ?? mask;
  const rows: WhoRow[] = [];
  for (const user of ctx.state.users.values()) {
    // A nick asked for by its exact name is shown even when invisible: the asker knows it.
    if (!everyone && !hasWildcard(mask) && ircEquals(named, user.nick)) {
      rows.push({ user });
      continue;
    }
    if (!canSeeUser(asker, user)) continue;
    if (everyone || matchesUser(mask, user)) rows.push({ user });
  }
  return rows;
}

/** A wildcard mask matches a nick (or the `^hex` name of a Unicode one), user, host, server or realname. */
function matchesUser(mask: string, user: User): boolean {
  const hex = hexNickOf(user.nick);
  return [user.nick, user.username, user.hostname, user.serverName, user.realname, ...(hex ? [hex] : [])].some(
    (field) => wildcardMatch(mask, field),
  );
}

/** `H` here / `G` gone, `*` operator, then the channel prefix(es). */
function whoFlags(ctx: RegisteredContext, row: WhoRow): string {
  let flags = row.user.away === undefined ? 'H' : 'G';
  if (row.user.modes.has('o')) flags += '*';
  if (row.user.modes.has(BOT_MODE)) flags += BOT_MODE;
  const membership = row.channel?.members.get(row.user.uid);
  if (membership) flags += memberPrefix(membership, ctx.conn.caps.has(CAP.multiPrefix), ctx.conn.ircx);
  return flags;
}

/** Portal links between this server and the user's (0 for its own users). */
function hops(ctx: RegisteredContext, user: User): number {
  return ctx.state.servers.get(user.serverId)?.hops ?? 1;
}

function sendClassicRow(ctx: RegisteredContext, row: WhoRow): void {
  const { user } = row;
  ctx.reply(
    RPL_WHOREPLY,
    row.channel?.name ?? '*',
    user.username,
    user.hostname,
    user.serverName,
    user.nick,
    whoFlags(ctx, row),
    `${hops(ctx, user)} ${user.realname}`,
  );
}

function whoxValue(ctx: RegisteredContext, row: WhoRow, field: string, token: string): string {
  const { user } = row;
  switch (field) {
    case 't':
      return token;
    case 'c':
      return row.channel?.name ?? '*';
    case 'u':
      return user.username;
    case 'i':
      return user.local && (user === ctx.user || ctx.user.modes.has('o')) ? user.local.ip : HIDDEN_IP;
    case 'h':
      return user.hostname;
    case 's':
      return user.serverName;
    case 'n':
      return user.nick;
    case 'f':
      return whoFlags(ctx, row);
    case 'd':
      return String(hops(ctx, user));
    case 'l':
      return user.local ? String(Math.max(0, Math.floor((ctx.now - user.local.lastActiveAt) / 1000))) : '0';
    case 'a':
      return user.account ?? '0'; // WHOX: "0" means not logged in
    case 'o':
      return 'n/a';
    default:
      return user.realname;
  }
}

function sendWhoxRow(ctx: RegisteredContext, row: WhoRow, fields: string, token: string): void {
  const values: string[] = [];
  for (const field of WHOX_FIELD_ORDER) {
    if (fields.includes(field)) values.push(whoxValue(ctx, row, field, token));
  }
  ctx.reply(RPL_WHOSPCRPL, ...values);
}

// WHO [<mask> [<flags>][%<fields>[,<token>]]]
function who(ctx: RegisteredContext, msg: IrcMessage): void {
  const mask = msg.params[0] || '*';
  const options = parseWhoOptions(msg.params[1]);
  for (const row of collectRows(ctx, mask)) {
    if (options.operatorsOnly && !row.user.modes.has('o')) continue;
    if (options.whoxFields !== undefined) sendWhoxRow(ctx, row, options.whoxFields, options.whoxToken);
    else sendClassicRow(ctx, row);
  }
  ctx.reply(RPL_ENDOFWHO, mask, 'End of WHO list');
}

export const whoCommands: Record<string, CommandSpec> = {
  WHO: { handler: who, minParams: 0 },
};
