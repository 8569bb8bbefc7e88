import type { Channel, User } from '../model/types';
import type { Outbox } from './outbox';

/**
 * IRCX channel properties that the join/part paths need (the PROP command itself lives in
 * handlers/prop.ts). Pure helpers plus the two property-driven deliveries.
 */

/**
 * The channel's IRCX object ID: `0` + 8 hex digits. Derived from the case-folded-insensitive
 * name (FNV-1a, 32 bits) so every server of the network computes the same OID with nothing to
 * agree on; `0` alone would mean "OIDs unsupported", which IRCX clients treat as an error.
 */
export function oidOf(channel: Pick<Channel, 'name'>): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(channel.name.toLowerCase(), 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `0${hash.toString(16).padStart(8, '0')}`;
}

/** ONJOIN: sent to the joiner only, as PRIVMSG from the channel; `\n` in the value starts a new line. */
export function sendOnJoin(out: Outbox, channel: Channel, user: User): void {
  sendChannelText(out, channel, user, 'PRIVMSG', channel.props.get('ONJOIN'));
}

/** ONPART: sent to the user who left only, as NOTICE from the channel. */
export function sendOnPart(out: Outbox, channel: Channel, user: User): void {
  sendChannelText(out, channel, user, 'NOTICE', channel.props.get('ONPART'));
}

function sendChannelText(
  out: Outbox,
  channel: Channel,
  user: User,
  command: 'PRIVMSG' | 'NOTICE',
  value: string | undefined,
): void {
  if (!value || !user.local) return;
  for (const line of value.split('\\n')) {
    if (line !== '') out.message(user.local, { prefix: channel.name, command, params: [user.nick, line] });
  }
}
