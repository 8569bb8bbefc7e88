import { CHANNEL_MODE_SPEC, channelPrefixOf, ircLower } from '@portalchat/protocol';
import type { Channel, User } from '../model/types';
import { isSysop } from './levels';

/**
 * IRCX LISTX (draft-04 §5.5): parsing the query, deciding what each viewer may see of a channel,
 * and matching. Pure; handlers/listx.ts does the output.
 *
 *   LISTX [<channel>{,<channel>}]
 *   LISTX <query>{,<query>} [<limit>]
 *
 * Query terms (all must hold; named channels are alternatives to each other):
 *   `<N` `>N`       fewer / more than N members
 *   `C<N` `C>N`     created less / more than N minutes ago
 *   `T<N` `T>N`     topic set less / more than N minutes ago (no topic: matches neither)
 *   `L=` `N=` `S=` `T=`  masks on LANGUAGE, the name, SUBJECT, the topic
 *   `R=0` `R=1`     not registered / registered
 * Masks: `*` any run, `?` one character; escapes `\b` space, `\c` comma, `\\` `\*` `\?` literal.
 */

export interface ListxQuery {
  /** Channels named exactly (case-folded). */
  names: Set<string>;
  tests: ((view: ListxView, now: number) => boolean)[];
}

/** What one viewer may know of a channel (a private channel shows outsiders little). */
export interface ListxView {
  name: string;
  /** `+ntx…` as IRCX sessions see it (with `e` for a clone); `+p` alone for outsiders of +p. */
  modes: string;
  members: number;
  /** 0 when none, or hidden. */
  limit: number;
  topic?: { text: string; setAt: number };
  createdAt?: number;
  language?: string;
  subject?: string;
  pics?: string;
  registered?: boolean;
}

/** Parses LISTX's first parameter; returns the term that is not understood, if any. */
export function parseListxQuery(arg: string | undefined): ListxQuery | { bad: string } {
  const query: ListxQuery = { names: new Set(), tests: [] };
  if (!arg) return query;
  for (const item of arg.split(',')) {
    if (item === '') continue;
    if (channelPrefixOf(item) !== undefined) {
      query.names.add(ircLower(item));
      continue;
    }
    const test = termTest(item);
    if (!test) return { bad: item };
    query.tests.push(test);
  }
  return query;
}

const MINUTE = 60_000;

function termTest(term: string): ((view: ListxView, now: number) => boolean) | undefined {
  const count = /^([<>])(\d{1,9})$/.exec(term);
  if (count) {
    const n = Number(count[2]);
    return count[1] === '<' ? (v) => v.members < n : (v) => v.members > n;
  }
  const age = /^([CT])([<>])(\d{1,9})$/.exec(term);
  if (age) {
    const [, what, op, digits] = age;
    const minutes = Number(digits);
    return (v, now) => {
      const at = what === 'C' ? v.createdAt : v.topic?.setAt;
      if (at === undefined) return false;
      const ago = (now - at) / MINUTE;
      return op === '<' ? ago < minutes : ago > minutes;
    };
  }
  const mask = /^([LNST])=(.*)$/.exec(term);
  if (mask) {
    const [, field, pattern = ''] = mask;
    const matcher = compileMask(pattern);
    return (v) => {
      const text = field === 'L' ? v.language : field === 'N' ? v.name : field === 'S' ? v.subject : v.topic?.text;
      return text !== undefined && matcher(text);
    };
  }
  if (term === 'R=0') return (v) => v.registered === false;
  if (term === 'R=1') return (v) => v.registered === true;
  return undefined;
}

type MaskToken = { literal: string } | '*' | '?';

/** Compiles an IRCX mask to a case-insensitive (rfc1459) matcher. */
export function compileMask(pattern: string): (text: string) => boolean {
  const tokens: MaskToken[] = [];
  let escaping = false;
  // By code point, as Array.from splits it.
  for (const c of pattern) {
    if (escaping) {
      escaping = false;
      const escaped = c === 'b' ? ' ' : c === 'c' ? ',' : c;
      tokens.push({ literal: ircLower(escaped) });
    } else if (c === '\\') escaping = true;
    else if (c === '*' || c === '?') tokens.push(c);
    else tokens.push({ literal: ircLower(c) });
  }
  // A `\` that ends the pattern escapes nothing: it is a literal backslash.
  if (escaping) tokens.push({ literal: ircLower('\\') });
  return (text) => matchTokens(tokens, Array.from(ircLower(text)));
}

/** Glob matching with backtracking on the last `*` (linear in practice, no regex built from input). */
function matchTokens(tokens: readonly MaskToken[], text: readonly string[]): boolean {
  let t = 0;
  let s = 0;
  let starT = -1;
  let starS = 0;
  while (s < text.length) {
    const token = tokens[t];
    if (token === '?' || (token !== undefined && token !== '*' && token.literal === text[s])) {
      t++;
      s++;
    } else if (token === '*') {
      starT = t++;
      starS = s;
    } else if (starT !== -1) {
      t = starT + 1;
      s = ++starS;
    } else return false;
  }
  while (tokens[t] === '*') t++;
  return t === tokens.length;
}

/** Flag letters in the order 812 shows them: IRCX's `e` (clone) sorted in among the others. */
const FLAG_ORDER = [...CHANNEL_MODE_SPEC.flags, 'e'].sort().join('');

/** The mode word of 812: `+` flags (with `e` for a clone), then `k` and `l` without arguments. */
export function listxModes(channel: Channel): string {
  let word = '+';
  for (const flag of FLAG_ORDER) {
    if (flag === 'e' ? channel.cloneOf !== undefined : channel.modes.has(flag)) word += flag;
  }
  if (channel.key !== undefined) word += 'k';
  if (channel.limit !== undefined) word += 'l';
  return word;
}

/**
 * What `viewer` sees of the channel in LISTX, or undefined when it is not listed at all:
 * - secret (+s): only members and sysops see it;
 * - hidden (+h): members and sysops, or anyone who named it exactly ("queryable by exact name");
 * - private (+p): outsiders see the name, the member count and PICS, with modes `+p`, limit 0 and
 *   no topic (Exchange: "outsiders see only the name, member count and PICS"); terms about the
 *   rest (topic, subject, language, age, registration) then never match;
 * - otherwise everything.
 */
export function listxViewOf(channel: Channel, viewer: User, namedExactly: boolean): ListxView | undefined {
  const insider = channel.members.has(viewer.uid) || isSysop(viewer);
  if (channel.modes.has('s') && !insider) return undefined;
  if (channel.modes.has('h') && !insider && !namedExactly) return undefined;
  const pics = channel.props.get('PICS');
  if (channel.modes.has('p') && !insider) {
    return { name: channel.name, modes: '+p', members: channel.members.size, limit: 0, ...(pics ? { pics } : {}) };
  }
  const language = channel.props.get('LANGUAGE');
  const subject = channel.props.get('SUBJECT');
  return {
    name: channel.name,
    modes: listxModes(channel),
    members: channel.members.size,
    limit: channel.limit ?? 0,
    ...(channel.topic ? { topic: { text: channel.topic.text, setAt: channel.topic.setAt } } : {}),
    createdAt: channel.createdAt,
    ...(language ? { language } : {}),
    ...(subject ? { subject } : {}),
    ...(pics ? { pics } : {}),
    registered: channel.registered,
  };
}

/** Whether a view passes the query: a named channel (when names are given) and every term. */
export function matchesListx(view: ListxView, query: ListxQuery, now: number): boolean {
  if (query.names.size > 0 && !query.names.has(ircLower(view.name))) return false;
  return query.tests.every((test) => test(view, now));
}
