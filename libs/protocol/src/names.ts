import { utf8ByteLength } from './utf8';

/**
 * Name rules for nicks, channels and usernames (RFC 2812 §2.3.1, Modern IRC "Clients" and
 * "Channels"). Lengths come from config (ISUPPORT NICKLEN/CHANNELLEN), so they are parameters.
 */

/**
 * First characters of channel names (ISUPPORT CHANTYPES): `#` and `&` (RFC), and `%`, which
 * starts the IRCX Unicode names `%#…` and `%&…` (draft-04 §2.1). Only the first character is
 * listed so `target[0]` keeps telling channels from nicks; isValidChannelName checks the rest.
 */
export const CHANNEL_PREFIXES = '#&%';

/**
 * True when `target` starts with one of CHANNEL_PREFIXES, so it names a channel rather than a nick
 * (false for ''). Only the first character counts: isValidChannelName checks the rest.
 */
export function hasChannelPrefix(target: string): boolean {
  const c = target.charCodeAt(0); // NaN for ''
  return c === 0x23 || c === 0x26 || c === 0x25; // '#', '&', '%'
}

// RFC 2812: nickname = ( letter / special ) *( letter / digit / special / "-" ),
// special = "[", "]", "\", "`", "_", "^", "{", "|", "}".
const NICK = /^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]*$/;

export interface NickOptions {
  /** The session speaks IRCX, so it may take a `'` Unicode nick (draft-04 §2.2). */
  unicode?: boolean;
}

/**
 * True when `nick` is 1..maxLen characters of the RFC 2812 nickname grammar, or, with
 * `options.unicode`, an IRCX Unicode nick: `'` and then at least one character other than space,
 * comma, `!`, `@`, `*`, `?` and control characters, maxLen BYTES in all ("lengths are counted in
 * bytes", draft-04 §2.1). Non-IRCX sessions cannot take such nicks (432), only name them (`^hex`);
 * nobody can take a `^hex` name that stands for a Unicode nick.
 */
export function isValidNick(nick: string, maxLen: number, options: NickOptions = {}): boolean {
  if (nick[0] === UNICODE_NICK_MARK) return options.unicode === true && isValidUnicodeNick(nick, maxLen);
  // `^` + hex that decodes to a Unicode nick is that nick's name for plain clients, not a nick of
  // its own: taken by someone else, it would make `^e5a4a7` name two users.
  if (nick[0] === HEX_NICK_MARK && unicodeNickFromHex(nick) !== undefined) return false;
  return nick.length >= 1 && nick.length <= maxLen && NICK.test(nick);
}

/** The first character of an IRCX Unicode nick. */
export const UNICODE_NICK_MARK = "'";
/** The first character of the hex form non-IRCX clients use for a Unicode nick. */
export const HEX_NICK_MARK = '^';

// \s covers Unicode spaces too; a lone surrogate could not be written out as UTF-8.
const UNICODE_NICK_FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- refusing control characters is this pattern's purpose
  /[\s,!@*?\0-\x1f\x7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function isValidUnicodeNick(nick: string, maxLen: number): boolean {
  return nick.length >= 2 && !UNICODE_NICK_FORBIDDEN.test(nick.slice(1)) && utf8ByteLength(nick) <= maxLen;
}

/**
 * The `^hex` name of a Unicode nick, for clients that cannot write it (draft-04 §2.2): `^` and the
 * lower-case hex of the UTF-8 bytes after the `'` (`'大` → `^e5a4a7`); undefined for other nicks.
 */
export function hexNickOf(nick: string): string | undefined {
  if (nick[0] !== UNICODE_NICK_MARK || nick.length < 2) return undefined;
  let hex = '';
  for (const byte of new TextEncoder().encode(nick.slice(1))) hex += byte.toString(16).padStart(2, '0');
  return HEX_NICK_MARK + hex;
}

const HEX_NICK = /^\^((?:[0-9A-Fa-f]{2})+)$/;

/** The Unicode nick a `^hex` name stands for (`^e5a4a7` → `'大`); undefined when it is none. */
export function unicodeNickFromHex(name: string): string | undefined {
  const hex = HEX_NICK.exec(name)?.[1];
  if (hex === undefined) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  try {
    return UNICODE_NICK_MARK + new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined; // not UTF-8: no Unicode nick has this name
  }
}

// Modern IRC: channel names must not contain space, control G (BEL) or comma; NUL/CR/LF cannot be
// sent anyway; ':' is refused because clients would read it as the start of a trailing param.
// U+FFFD is what the gateway decodes invalid UTF-8 to: such a name is refused, not collapsed to
// `#\ufffd` shared by every client that sent different bad bytes (issue 12).
// eslint-disable-next-line no-control-regex -- refusing BEL is this pattern's purpose
const CHANNEL_FORBIDDEN = /[ ,\x07\0\r\n:\ufffd]/;

/**
 * True when `text` came from bytes that were not valid UTF-8: the gateway decodes each invalid
 * sequence to U+FFFD (a client that sends U+FFFD itself looks the same, and is refused the same).
 */
export function hadInvalidUtf8(text: string): boolean {
  return text.includes('\ufffd');
}

/** The prefix of a channel name (`#`, `&`, `%#`, `%&`), or undefined when it has none. */
export function channelPrefixOf(name: string): string | undefined {
  if (name[0] === '#' || name[0] === '&') return name[0];
  if (name[0] === '%' && (name[1] === '#' || name[1] === '&')) return name.slice(0, 2);
  return undefined;
}

/**
 * True when `name` has a channel prefix (`#`, `&`, `%#`, `%&`) followed by at least one
 * character, is at most maxLen bytes in all (Exchange: 1–200; CHANNELLEN) and has no forbidden
 * character; `%` names may also use only the escapes `\b`, `\c` and `\\`.
 */
export function isValidChannelName(name: string, maxLen: number): boolean {
  const prefix = channelPrefixOf(name);
  if (prefix === undefined || name.length <= prefix.length) return false;
  if (CHANNEL_FORBIDDEN.test(name)) return false;
  if (prefix[0] === '%' && !validEscapes(name.slice(prefix.length))) return false;
  return utf8ByteLength(name) <= maxLen;
}

// IRCX draft-04 §2.1: a `%` name is modified UTF-8 where `\b` stands for a space and `\c` for a
// comma (`\\` for the backslash itself). Any other backslash sequence is refused, so a name has
// one spelling. Names are kept as given, escapes included; ircLower compares them.

/** Every backslash starts one of `\b`, `\c`, `\\`. */
function validEscapes(body: string): boolean {
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') continue;
    const next = body[i + 1];
    if (next !== 'b' && next !== 'c' && next !== '\\') return false;
    i++;
  }
  return true;
}

// RFC 2812: user = 1*( %x01-09 / %x0B-0C / %x0E-1F / %x21-3F / %x41-FF ), i.e. no NUL, CR, LF,
// space or '@' (which would make nick!user@host ambiguous).
const USER_FORBIDDEN = /[ @\0\r\n]/;

/** True when `user` (the USER command's username) is nonempty and has no forbidden character. */
export function isValidUsername(user: string): boolean {
  return user.length > 0 && !USER_FORBIDDEN.test(user);
}
