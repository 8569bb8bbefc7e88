import {
  ERR_BADCHANNELKEY,
  ERR_BANLISTFULL,
  ERR_BANNEDFROMCHAN,
  ERR_CANNOTSENDTOCHAN,
  ERR_CHANNELISFULL,
  ERR_INVALIDKEY,
  ERR_INVALIDMODEPARAM,
  ERR_INVITEONLYCHAN,
  ERR_NOSUCHNICK,
  ERR_NOSUCHCHANNEL,
  ERR_SECUREONLYCHAN,
  ERR_TOOMANYCHANNELS,
  ERR_USERNOTINCHANNEL,
} from '@portalchat/protocol';
import type { CommandContext } from './context';

/**
 * Domain failure codes of the channel family and the one place each becomes a numeric (ergo's
 * `sendJoinError`). Rule code (channel-rules.ts, channel-mode.ts) returns codes; handlers call the
 * `send…Error` functions here and never pick a numeric for these outcomes themselves.
 */

/** Why a JOIN was refused. */
export type JoinRefusal =
  | 'banned'
  | 'invite-only'
  | 'channel-full'
  | 'bad-key'
  | 'too-many-channels'
  | 'bad-channel-name'
  // IRCX (issue 4): an ACCESS DENY (or a GRANT list that does not name the user), a +a channel
  // for an anonymous user, and a missing channel when dynamic channels are off.
  | 'access-denied'
  | 'auth-only'
  | 'no-such-channel'
  // Issue 12: a secure-only (+S) channel and a client without TLS.
  | 'secure-only';

/** Why a PRIVMSG/NOTICE to a channel was refused (all become 404, with the mode in the text). */
export type SendRefusal = 'not-member' | 'moderated' | 'banned';

/**
 * Why one channel mode change was refused. The mode letter and argument come along so the
 * numeric can name them.
 */
export type ModeRefusal =
  'no-such-nick' | 'user-not-in-channel' | 'list-full' | 'invalid-limit' | 'invalid-key' | 'missing-param';

export interface ModeError {
  code: ModeRefusal;
  mode: string;
  arg?: string;
}

interface NumericText {
  numeric: string;
  text: string;
}

export const JOIN_ERRORS: Readonly<Record<JoinRefusal, NumericText>> = Object.freeze({
  banned: { numeric: ERR_BANNEDFROMCHAN, text: 'Cannot join channel (+b)' },
  'invite-only': { numeric: ERR_INVITEONLYCHAN, text: 'Cannot join channel (+i)' },
  'channel-full': { numeric: ERR_CHANNELISFULL, text: 'Cannot join channel (+l)' },
  'bad-key': { numeric: ERR_BADCHANNELKEY, text: 'Cannot join channel (+k)' },
  'too-many-channels': { numeric: ERR_TOOMANYCHANNELS, text: 'You have joined too many channels' },
  // 403 rather than ergo's 479 ERR_BADCHANNAME: 403 is in RFC 1459/2812 and every client shows it;
  // 479 is not in either RFC and some clients print it as an unknown numeric.
  'bad-channel-name': { numeric: ERR_NOSUCHCHANNEL, text: 'No such channel' },
  // The DENY entry's reason replaces this text when it has one (see sendJoinError).
  'access-denied': { numeric: ERR_BANNEDFROMCHAN, text: 'Cannot join channel (+b)' },
  // Exchange has no numeric of its own for +a; 474 is what clients already show as "can't join".
  'auth-only': { numeric: ERR_BANNEDFROMCHAN, text: 'Only authenticated users may join' },
  'no-such-channel': { numeric: ERR_NOSUCHCHANNEL, text: 'No such channel' },
  // InspIRCd's numeric and wording for its secure-only mode.
  'secure-only': { numeric: ERR_SECUREONLYCHAN, text: 'Cannot join channel; TLS users only (+S)' },
});

export const SEND_ERRORS: Readonly<Record<SendRefusal, NumericText>> = Object.freeze({
  'not-member': { numeric: ERR_CANNOTSENDTOCHAN, text: 'Cannot send to channel (+n)' },
  moderated: { numeric: ERR_CANNOTSENDTOCHAN, text: 'Cannot send to channel (+m)' },
  banned: { numeric: ERR_CANNOTSENDTOCHAN, text: 'Cannot send to channel (+b)' },
});

/** Params after the client nick, per refusal: the one place mode failures become numerics. */
export const MODE_ERRORS: Readonly<
  Record<ModeRefusal, (channel: string, e: ModeError) => { numeric: string; params: string[] }>
> = Object.freeze({
  'no-such-nick': (_c, e) => ({ numeric: ERR_NOSUCHNICK, params: [e.arg ?? '*', 'No such nick/channel'] }),
  'user-not-in-channel': (c, e) => ({
    numeric: ERR_USERNOTINCHANNEL,
    params: [e.arg ?? '*', c, "They aren't on that channel"],
  }),
  // Modern IRC: `478 <client> <channel> <char> :Channel list is full`.
  'list-full': (c, e) => ({ numeric: ERR_BANLISTFULL, params: [c, e.mode, 'Channel list is full'] }),
  // 696 ERR_INVALIDMODEPARAM `<target> <mode char> <parameter> :<description>` (Modern IRC, InspIRCd).
  'invalid-limit': (c, e) => ({
    numeric: ERR_INVALIDMODEPARAM,
    params: [c, e.mode, e.arg || '*', 'Invalid limit: must be a positive integer'],
  }),
  'missing-param': (c, e) => ({
    numeric: ERR_INVALIDMODEPARAM,
    params: [c, e.mode, '*', `You must specify a parameter for the ${e.mode} mode`],
  }),
  'invalid-key': (c) => ({ numeric: ERR_INVALIDKEY, params: [c, 'Key is not well-formed'] }),
});

/** `<numeric> <nick> <channel> :<text>` for a refused JOIN; `reason` (an ACCESS DENY's) replaces the text. */
export function sendJoinError(ctx: CommandContext, channel: string, code: JoinRefusal, reason?: string): void {
  const { numeric, text } = JOIN_ERRORS[code];
  ctx.reply(numeric, channel, reason || text);
}

/** `404 <nick> <channel> :Cannot send to channel (+m)`; NOTICE callers simply do not call this. */
export function sendSendError(ctx: CommandContext, channel: string, code: SendRefusal): void {
  const { numeric, text } = SEND_ERRORS[code];
  ctx.reply(numeric, channel, text);
}

export function sendModeError(ctx: CommandContext, channel: string, error: ModeError): void {
  const { numeric, params } = MODE_ERRORS[error.code](channel, error);
  ctx.reply(numeric, ...params);
}
