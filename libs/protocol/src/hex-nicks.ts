import { parseMessage, serializeMessage } from './message';
import type { IrcMessage } from './message-types';
import { hexNickOf, UNICODE_NICK_MARK } from './names';

/**
 * The plain-IRC view of a message that names IRCX Unicode nicks (draft-04 §2.2: "`^` Hex-encoded
 * Unicode nick, for non-IRCX clients"): a client that is not IRCX cannot write `'大`, so every
 * place a line names such a nick shows `^e5a4a7` instead, and the client can send that name back
 * (ChatState.userByNick resolves it). Free text (messages, topics, reasons, realnames) is never
 * touched: only the source and the parameters that hold nicks, per command, are rewritten.
 */

/** How a parameter holds nicks. */
type NickField =
  /** Space- or comma-separated tokens, each a nick, `nick!user@host`, a mask or a prefixed nick (`@nick`). */
  | 'tokens'
  /** RPL_USERHOST: `nick[*]=+|-host` tokens. */
  | 'userhost';

/** A field list: parameter index → how it holds nicks (negative indexes count from the end). */
type FieldSpec = ReadonlyArray<readonly [number, NickField]>;

const TOKENS = (...indexes: number[]): FieldSpec => indexes.map((i) => [i, 'tokens'] as const);

/**
 * Where each command names nicks besides its source. Numerics count their first parameter (the
 * recipient's own nick, never a Unicode one for a plain client) like any other.
 */
const FIELDS: Readonly<Record<string, FieldSpec>> = {
  NICK: TOKENS(0),
  KICK: TOKENS(1),
  INVITE: TOKENS(0),
  PRIVMSG: TOKENS(0),
  NOTICE: TOKENS(0),
  TAGMSG: TOKENS(0),
  // User modes name the user; channel mode arguments are nicks (`+o`) or masks (`+b`).
  MODE: TOKENS(0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
  METADATA: TOKENS(0),
  REDACT: TOKENS(0),
  MARKREAD: TOKENS(0),
  // `CHATHISTORY TARGETS <target> <time>`
  CHATHISTORY: TOKENS(1),
  // `BATCH +ref chathistory <target>`: a private conversation's batch names the other party.
  BATCH: TOKENS(2),
  // Standard replies: `FAIL <command> <code> [<context>…] :<description>`.
  FAIL: TOKENS(2, 3, 4),
  WARN: TOKENS(2, 3, 4),
  NOTE: TOKENS(2, 3, 4),
  '301': TOKENS(1), // RPL_AWAY <client> <nick> :<message>
  '302': [[1, 'userhost']], // RPL_USERHOST <client> :<reply>{ <reply>}
  '303': TOKENS(1), // RPL_ISON <client> :<nick>{ <nick>}
  '307': TOKENS(1),
  '311': TOKENS(1), // RPL_WHOISUSER <client> <nick> <user> <host> * :<realname>
  '312': TOKENS(1),
  '313': TOKENS(1),
  '314': TOKENS(1), // RPL_WHOWASUSER
  '317': TOKENS(1),
  '318': TOKENS(1),
  '319': TOKENS(1),
  '320': TOKENS(1),
  '330': TOKENS(1),
  '333': TOKENS(2), // RPL_TOPICWHOTIME <client> <channel> <setter> <setat>
  '335': TOKENS(1),
  '338': TOKENS(1),
  '341': TOKENS(1), // RPL_INVITING <client> <nick> <channel>
  '346': TOKENS(2, 3), // RPL_INVEXLIST <client> <channel> <mask> [<setter> <ts>]
  '348': TOKENS(2, 3),
  '352': TOKENS(5), // RPL_WHOREPLY <client> <channel> <user> <host> <server> <nick> <flags> :<hop> <realname>
  '353': TOKENS(3), // RPL_NAMREPLY <client> <symbol> <channel> :[prefix]<nick>{ [prefix]<nick>}
  '367': TOKENS(2, 3), // RPL_BANLIST <client> <channel> <mask> [<setter> <ts>]
  '369': TOKENS(1),
  '378': TOKENS(1),
  '379': TOKENS(1),
  '401': TOKENS(1),
  '406': TOKENS(1),
  '433': TOKENS(1),
  '436': TOKENS(1),
  '441': TOKENS(1), // ERR_USERNOTINCHANNEL <client> <nick> <channel>
  '443': TOKENS(1),
  '671': TOKENS(1),
  '730': TOKENS(1), // RPL_MONONLINE <client> :target[!user@host][,…]
  '731': TOKENS(1),
  '732': TOKENS(1),
  '734': TOKENS(2), // ERR_MONLISTFULL <client> <limit> <targets>
};

/**
 * RPL_WHOSPCRPL (WHOX) puts the nick where the query's fields say; every parameter but the
 * realname (always last, and the only one with spaces) is a token, so all single tokens are read.
 */
const WHOX = '354';

/**
 * The message as a plain (non-IRCX) client sees it: each `'` Unicode nick named by its source or
 * by a nick parameter becomes its `^hex` name. Returns `msg` itself when nothing changes, so a
 * caller can tell cheaply (identity) whether a separate variant is needed.
 */
export function plainNickView(msg: IrcMessage): IrcMessage {
  const prefix = msg.prefix === undefined ? undefined : hexSource(msg.prefix);
  let params: string[] | undefined;
  const set = (i: number, value: string): void => {
    if (value === msg.params[i]) return;
    params ??= [...msg.params];
    params[i] = value;
  };
  if (msg.command === WHOX) {
    for (const [i, param] of msg.params.entries()) if (!param.includes(' ')) set(i, hexTokens(param));
  } else {
    for (const [index, field] of FIELDS[msg.command] ?? []) {
      const param = msg.params[index];
      if (param === undefined || !param.includes(UNICODE_NICK_MARK)) continue;
      set(index, field === 'userhost' ? hexUserhostReplies(param) : hexTokens(param));
    }
  }
  if (prefix === msg.prefix && params === undefined) return msg;
  return { ...msg, ...(prefix !== undefined ? { prefix } : {}), params: params ?? msg.params };
}

/** A message source `'大!u@h` → `^e5a4a7!u@h`; server names and other nicks stay. */
function hexSource(source: string): string {
  return source[0] === UNICODE_NICK_MARK ? hexToken(source) : source;
}

/** Every space- or comma-separated token of `param`, rewritten by hexToken. */
function hexTokens(param: string): string {
  if (!param.includes(UNICODE_NICK_MARK)) return param;
  return param.replace(/[^ ,]+/g, hexToken);
}

/** Membership prefixes a NAMES/WHO token may start with (`~&@%+` and IRCX `.`). */
const MEMBER_PREFIXES = /^[~&@%+.]*/;

/**
 * One token: optional membership prefixes, then a nick up to `!` (a source or mask), then the
 * rest. Only a `'` nick changes; a lone `'` is no nick.
 */
function hexToken(token: string): string {
  const lead = MEMBER_PREFIXES.exec(token)?.[0] ?? '';
  if (token[lead.length] !== UNICODE_NICK_MARK) return token;
  const bang = token.indexOf('!', lead.length);
  const end = bang === -1 ? token.length : bang;
  const hex = hexNickOf(token.slice(lead.length, end));
  return hex === undefined ? token : lead + hex + token.slice(end);
}

/** RPL_USERHOST replies `nick[*]=+|-host`, each nick rewritten. */
function hexUserhostReplies(param: string): string {
  return param
    .split(' ')
    .map((reply) => {
      const m = /^(.+?)(\*?=[+-].*)$/.exec(reply);
      if (!m) return reply;
      const hex = hexNickOf(m[1] ?? '');
      return hex === undefined ? reply : hex + (m[2] ?? '');
    })
    .join(' ');
}

/** A serialised line in its plain view, for lines built as text. Only lines with a `'` can change. */
export function plainNickLine(line: string): string {
  if (!line.includes(UNICODE_NICK_MARK)) return line;
  let msg: IrcMessage;
  try {
    msg = parseMessage(line);
  } catch {
    return line; // not a line a client could parse either: leave it as it is
  }
  const view = plainNickView(msg);
  return view === msg ? line : serializeMessage(view);
}
