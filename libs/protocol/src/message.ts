import type { IrcMessage } from './message-types';
import { escapeTagValue, unescapeTagValue } from './tags';
import { cutToUtf8Bytes, exceedsUtf8Bytes } from './utf8';

/**
 * IRC line parsing and serialisation (Modern IRC "Message format", https://modern.ircdocs.horse/#messages;
 * IRCv3 message tags, https://ircv3.net/specs/extensions/message-tags).
 *
 *   message ::= ['@' <tags> SPACE] [':' <source> SPACE] <command> <parameters> <crlf>
 *
 * Lines reach the parser already framed by the gateway (no CR/LF).
 */

/**
 * RFC 1459 §2.3: "IRC messages are always lines of characters terminated with a CR-LF (Carriage
 * Return - Line Feed) pair, and these messages shall not exceed 512 characters in length, counting
 * all characters including the trailing CR-LF." Modern IRC keeps the limit in bytes, and IRCv3
 * message-tags leaves the tags out of it, so it covers the non-tag part only.
 */
export const MAX_LINE_BYTES = 512;

/**
 * IRCv3 message-tags: "The size limit for message tags is 8191 bytes, including the leading '@'
 * (0x40) and trailing space ' ' (0x20) characters."
 */
export const MAX_TAGS_BYTES = 8191;

/**
 * IRCv3 message-tags: "Clients MUST NOT send messages with tag data exceeding 4094 bytes, this
 * includes tags with or without the client-only prefix." Tag data excludes the '@' and the space.
 * (Servers may add their own 4094 bytes: "Servers MUST NOT add tag data exceeding 4094 bytes".)
 * The parser does not know who sent a line, so the caller enforces this one.
 */
export const MAX_CLIENT_TAGS_BYTES = 4094;

/** The non-tag part of a line without its CR-LF. */
const MAX_BODY_BYTES = MAX_LINE_BYTES - 2;

/**
 * Why a line could not be parsed. A server answers 'line-too-long' and 'tags-too-long' with
 * 417 ERR_INPUTTOOLONG (as ergo does for both), 'nul' with 400 ERR_UNKNOWNERROR, and drops
 * 'empty' and 'no-command' lines (RFC 1459 §2.3.1: "Empty messages are silently ignored").
 */
export type MessageParseErrorCode = 'empty' | 'line-too-long' | 'tags-too-long' | 'no-command' | 'nul';

export class MessageParseError extends Error {
  readonly code: MessageParseErrorCode;
  constructor(code: MessageParseErrorCode, message: string) {
    super(message);
    this.name = 'MessageParseError';
    this.code = code;
  }
}

/** A message that cannot be written as one valid line (a bug in the caller, never client input). */
export class MessageSerializeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MessageSerializeError';
  }
}

// IRCv3: <key> ::= [ <client_prefix> ] [ <vendor> '/' ] <key_name>, key_name of letters, digits,
// '-'; vendor is a host name. Invalid keys are dropped, not fatal: "Implementations [...] MUST NOT
// perform any validation that would reject the message if an invalid tag key name is used."
const TAG_KEY = /^\+?(?:[A-Za-z0-9.-]+\/)?[A-Za-z0-9-]+$/;
const LOWER_ASCII = /[a-z]/;
const LOWER_ASCII_RUNS = /[a-z]+/g;
// CR, LF and NUL can never appear inside a line; a param holding one would inject a new line.
const LINE_BREAKING = /[\0\r\n]/;

/**
 * Parses one line. Throws MessageParseError.
 *
 * Tolerance, as ergo/irc-go, InspIRCd and solanum do: leading spaces and runs of spaces between
 * params are ignored, a stray trailing CR (or LF) is stripped. A NUL anywhere refuses the line
 * ('nul'): Modern IRC forbids it in every part of a message, and stripping it made `PRIV\0MSG`
 * run as PRIVMSG, text a filter never saw (issue 12).
 */
export function parseMessage(line: string): IrcMessage {
  const s = line;
  if (s.indexOf('\0') !== -1) throw new MessageParseError('nul', 'line contains a NUL character');
  let end = s.length;
  while (end > 0 && (s.charCodeAt(end - 1) === 13 || s.charCodeAt(end - 1) === 10)) end--;
  let pos = skipSpaces(s, 0, end);
  if (pos === end) throw new MessageParseError('empty', 'empty line');

  let tags: Record<string, string> | undefined;
  if (s.charCodeAt(pos) === 0x40 /* @ */) {
    const space = s.indexOf(' ', pos);
    const tagsEnd = space === -1 || space > end ? end : space;
    // +1: the separating space counts against the tag limit too.
    if (exceedsUtf8Bytes(s.slice(pos, tagsEnd), MAX_TAGS_BYTES - 1)) {
      throw new MessageParseError('tags-too-long', `message tags exceed ${MAX_TAGS_BYTES} bytes`);
    }
    tags = parseTags(s.slice(pos + 1, tagsEnd));
    pos = tagsEnd === end ? end : tagsEnd + 1;
  }

  const body = pos === 0 && end === s.length ? s : s.slice(pos, end);
  if (exceedsUtf8Bytes(body, MAX_BODY_BYTES)) {
    throw new MessageParseError('line-too-long', `line exceeds ${MAX_LINE_BYTES} bytes`);
  }

  let i = skipSpaces(body, 0, body.length);
  let prefix: string | undefined;
  if (body.charCodeAt(i) === 0x3a /* : */) {
    const space = body.indexOf(' ', i);
    if (space === -1) throw new MessageParseError('no-command', 'line has a source but no command');
    // A lone ':' marker (empty source) carries nothing; leave the prefix out.
    if (space > i + 1) prefix = body.slice(i + 1, space);
    i = skipSpaces(body, space, body.length);
  }
  if (i === body.length) {
    throw new MessageParseError('no-command', 'line has no command');
  }

  let commandEnd = body.indexOf(' ', i);
  if (commandEnd === -1) commandEnd = body.length;
  const command = asciiUpper(body.slice(i, commandEnd));

  const params: string[] = [];
  i = commandEnd;
  // Bounded: every iteration consumes at least one character of `body`.
  while (i < body.length) {
    i = skipSpaces(body, i, body.length);
    if (i === body.length) break;
    if (body.charCodeAt(i) === 0x3a /* : */) {
      params.push(body.slice(i + 1)); // trailing: verbatim, may be empty or hold spaces and colons
      break;
    }
    let paramEnd = body.indexOf(' ', i);
    if (paramEnd === -1) paramEnd = body.length;
    params.push(body.slice(i, paramEnd));
    i = paramEnd;
  }

  const msg: IrcMessage = { command, params };
  if (tags) msg.tags = tags;
  if (prefix !== undefined) msg.prefix = prefix;
  return msg;
}

function skipSpaces(s: string, from: number, end: number): number {
  let i = from;
  while (i < end && s.charCodeAt(i) === 0x20) i++;
  return i;
}

/** Upper-cases ASCII letters only: `toUpperCase()` would turn `ß` into `SS`. */
function asciiUpper(s: string): string {
  return LOWER_ASCII.test(s) ? s.replace(LOWER_ASCII_RUNS, (run) => run.toUpperCase()) : s;
}

function parseTags(raw: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of raw.split(';')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (!TAG_KEY.test(key)) continue;
    // "If a tag key is present more than once, the last value is used": plain assignment does that.
    tags[key] = eq === -1 ? '' : unescapeTagValue(pair.slice(eq + 1));
  }
  return tags;
}

/**
 * `line` (one line without CR-LF, as serializeMessage writes it) cut so the part after its tags
 * fits the 510-byte body limit, as InspIRCd cuts what it sends: a relayed message grows by the
 * sender's prefix, and a numeric echoes what the client sent (421 and its command), so a line
 * built from a client's full-length input can come out longer than clients may be sent.
 * The tags are left alone (the server's are short; a client's are limited when parsed).
 */
export function fitLineLimit(line: string): string {
  if (line.length <= MAX_BODY_BYTES / 3) return line;
  const bodyStart = line.charCodeAt(0) === 0x40 /* @ */ ? line.indexOf(' ') + 1 : 0;
  if (bodyStart === 0 && line.charCodeAt(0) === 0x40) return line;
  const body = line.slice(bodyStart);
  const fitted = cutToUtf8Bytes(body, MAX_BODY_BYTES);
  return fitted === body ? line : line.slice(0, bodyStart) + fitted;
}

/**
 * Writes `msg` as one line without CR-LF. Tags keep their insertion order; a tag whose value is ''
 * is written as a bare key. The last param gets the ':' marker when it must (empty, holds a space,
 * starts with ':'). Throws MessageSerializeError for what cannot be a valid line.
 */
export function serializeMessage(msg: IrcMessage): string {
  let out = '';
  if (msg.tags) {
    let tagText = '';
    for (const key in msg.tags) {
      if (!TAG_KEY.test(key)) throw new MessageSerializeError(`invalid tag key ${JSON.stringify(key)}`);
      const value = msg.tags[key];
      if (value === undefined) continue; // a key set to undefined: no tag
      const entry = value === '' ? key : `${key}=${escapeTagValue(value)}`;
      tagText = tagText === '' ? entry : `${tagText};${entry}`;
    }
    if (tagText !== '') out = `@${tagText} `;
  }
  if (msg.prefix) {
    if (msg.prefix.includes(' ') || LINE_BREAKING.test(msg.prefix)) {
      throw new MessageSerializeError(`invalid prefix ${JSON.stringify(msg.prefix)}`);
    }
    out += `:${msg.prefix} `;
  }
  const { command, params } = msg;
  if (command === '' || command.includes(' ') || LINE_BREAKING.test(command) || command[0] === ':') {
    throw new MessageSerializeError(`invalid command ${JSON.stringify(command)}`);
  }
  out += command;
  const last = params.length - 1;
  for (let i = 0; i < last; i++) {
    const p = params[i];
    if (p === undefined || p === '' || p.includes(' ') || p.charCodeAt(0) === 0x3a || LINE_BREAKING.test(p)) {
      throw new MessageSerializeError(`invalid middle param ${i}: ${JSON.stringify(p)}`);
    }
    out += ` ${p}`;
  }
  if (last >= 0) {
    const p = params[last];
    if (p === undefined) throw new MessageSerializeError(`last param ${last} is missing (a hole in params)`);
    if (LINE_BREAKING.test(p)) throw new MessageSerializeError(`last param holds CR, LF or NUL`);
    out += p === '' || p.includes(' ') || p.charCodeAt(0) === 0x3a ? ` :${p}` : ` ${p}`;
  }
  return out;
}
