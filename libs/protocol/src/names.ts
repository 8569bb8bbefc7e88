import { utf8ByteLength } from './utf8';

/**
 * Name rules for nicks, channels and usernames (RFC 2812 §2.3.1, Modern IRC "Clients" and
 * "Channels"). Lengths come from config (ISUPPORT NICKLEN/CHANNELLEN), so they are parameters.
 */

/** Channel type prefixes we serve (ISUPPORT CHANTYPES). IRCX `%#`/`%&` come later. */
export const CHANNEL_PREFIXES = '#&';

// RFC 2812: nickname = ( letter / special ) *( letter / digit / special / "-" ),
// special = "[", "]", "\", "`", "_", "^", "{", "|", "}".
const NICK = /^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]*$/;

/** True when `nick` is 1..maxLen characters of the RFC 2812 nickname grammar. */
export function isValidNick(nick: string, maxLen: number): boolean {
  return nick.length >= 1 && nick.length <= maxLen && NICK.test(nick);
}

// Modern IRC: channel names must not contain space, control G (BEL) or comma; NUL/CR/LF cannot be
// sent anyway; ':' is refused because clients would read it as the start of a trailing param.
const CHANNEL_FORBIDDEN = /[ ,\x07\0\r\n:]/;

/** True when `name` starts with a channel prefix, is 2..maxLen bytes and has no forbidden char. */
export function isValidChannelName(name: string, maxLen: number): boolean {
  if (name.length < 2 || !CHANNEL_PREFIXES.includes(name[0] as string)) return false;
  if (CHANNEL_FORBIDDEN.test(name)) return false;
  return utf8ByteLength(name) <= maxLen;
}

// RFC 2812: user = 1*( %x01-09 / %x0B-0C / %x0E-1F / %x21-3F / %x41-FF ), i.e. no NUL, CR, LF,
// space or '@' (which would make nick!user@host ambiguous).
const USER_FORBIDDEN = /[ @\0\r\n]/;

/** True when `user` (the USER command's username) is nonempty and has no forbidden character. */
export function isValidUsername(user: string): boolean {
  return user.length > 0 && !USER_FORBIDDEN.test(user);
}
