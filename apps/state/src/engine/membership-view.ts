import { MAX_LINE_BYTES } from '@portalchat/protocol';
import type { Channel, Membership, User } from '../model/types';
import { channelSymbol } from './channel-rules';
import { seesInChannel } from './auditorium';

/**
 * How members look to a given client: prefixes (`@+`, multi-prefix), NAMES entries
 * (userhost-in-names) and the 353 lines split to fit the line limit. Pure; no output.
 */

/**
 * Prefix modes from highest to lowest, with their symbols per personality: the IRCX owner is `.`
 * (draft-04 §4.2), which plain IRC clients would not understand, so they see `~` as on other
 * servers with an owner mode (ISUPPORT PREFIX=(qov).@+ vs (qov)~@+).
 */
const PREFIXES: readonly (readonly [mode: string, ircx: string, irc: string])[] = [
  ['q', '.', '~'],
  ['o', '@', '@'],
  ['v', '+', '+'],
];

/** The prefix symbols in rank order, as ISUPPORT PREFIX and the MODE letters pair them. */
export function prefixSymbols(ircx: boolean): string {
  return PREFIXES.map(([, x, irc]) => (ircx ? x : irc)).join('');
}

/** The symbols of a membership: all of them (multi-prefix) or only the highest. */
export function memberPrefix(membership: Membership, multiPrefix: boolean, ircx = false): string {
  let out = '';
  for (const [mode, ircxSymbol, ircSymbol] of PREFIXES) {
    if (!membership.modes.has(mode)) continue;
    const symbol = ircx ? ircxSymbol : ircSymbol;
    if (!multiPrefix) return symbol;
    out += symbol;
  }
  return out;
}

/** How the client wants names written (from its caps and personality). */
export interface NamesStyle {
  multiPrefix: boolean;
  userhostInNames: boolean;
  /** An IRCX session: the owner shows as `.` instead of `~`. */
  ircx?: boolean;
}

/** One NAMES entry: `@nick` or, with userhost-in-names, `@nick!user@host`. */
export function namesEntry(membership: Membership, style: NamesStyle): string {
  const { user } = membership;
  const name = style.userhostInNames ? `${user.nick}!${user.username}@${user.hostname}` : user.nick;
  return memberPrefix(membership, style.multiPrefix, style.ircx ?? false) + name;
}

/**
 * The members a viewer may list: everyone when the viewer is a member; otherwise nobody on a
 * +s/+p channel and only users without +i on a public one (RFC 2812 §3.2.5). In an IRCX
 * auditorium (+x) a viewer who is not a host or owner also sees only itself and the hosts and
 * owners (see auditorium.ts).
 */
export function visibleMembers(channel: Channel, viewer: User): Membership[] {
  const isMember = channel.members.has(viewer.uid);
  if (!isMember && (channel.modes.has('s') || channel.modes.has('p'))) return [];
  const out: Membership[] = [];
  for (const m of channel.members.values()) {
    if ((isMember || m.user === viewer || !m.user.modes.has('i')) && seesInChannel(channel, viewer, m.user))
      out.push(m);
  }
  return out;
}

/**
 * The params of the 353 RPL_NAMREPLY lines for a channel (after the leading client nick):
 * `[symbol, channel, 'a @b +c']`, as many as needed so each whole line
 * `:<server> 353 <nick> <symbol> <channel> :<names>\r\n` fits in 512 bytes. The caller sends
 * nothing when there are no entries, only 366.
 */
export function namesReplyParams(
  channel: Channel,
  entries: readonly string[],
  serverName: string,
  clientNick: string,
): string[][] {
  const symbol = channelSymbol(channel);
  const header = `:${serverName} 353 ${clientNick} ${symbol} ${channel.name} :`;
  const budget = MAX_LINE_BYTES - 2 - Buffer.byteLength(header);
  const lines: string[][] = [];
  let current = '';
  let currentBytes = 0;
  for (const entry of entries) {
    const bytes = Buffer.byteLength(entry);
    if (current !== '' && currentBytes + 1 + bytes > budget) {
      lines.push([symbol, channel.name, current]);
      current = '';
      currentBytes = 0;
    }
    current = current === '' ? entry : `${current} ${entry}`;
    currentBytes += (currentBytes === 0 ? 0 : 1) + bytes;
  }
  if (current !== '') lines.push([symbol, channel.name, current]);
  return lines;
}

/** Users of the channel except one (the sender): the recipients of a channel message. */
export function membersExcept(channel: Channel, except: User | undefined): User[] {
  const out: User[] = [];
  for (const m of channel.members.values()) if (m.user !== except) out.push(m.user);
  return out;
}

/** Every user of the channel (for broadcasts the actor sees too: JOIN, PART, KICK, MODE, TOPIC). */
export function allMembers(channel: Channel): User[] {
  return membersExcept(channel, undefined);
}
