import { ircLower, type NetMultilineLine } from '@portalchat/protocol';
import type { User } from '../../model/types';

/**
 * One line of history as every server stores it: the line as members saw it live, with the
 * origin's time and msgid, so a replay from any server of the network is the same.
 */
export interface HistoryEntry {
  /** Where it belongs: a channel's folded name, or a private conversation (privateKey). */
  key: string;
  msgid: string;
  /** The origin server's time (ms since the epoch). */
  time: number;
  command: HistoryCommand;
  /** `nick!user@host` of who spoke or acted. */
  prefix: string;
  /** The params as the live line had them (a channel message: `[#chan, text]`). */
  params: string[];
  /** Client-only tags (`+name`) of a message. */
  clientTags?: Record<string, string>;
  /** The uid of who spoke or acted (redaction rights: the sender may redact its message). */
  from: string;
  /**
   * Set on a line of an auditorium (+x) that plain members did not see live (a plain member's
   * message, JOIN, PART…): the uid of that member, who with the channel's hosts and owners may read it.
   */
  restrictedTo?: string;
  /** A private message: the identities of both parties (identityOf), who alone may read it. */
  parties?: [string, string];
  /** A draft/multiline message: all of its lines (`params[1]` holds the first), replayed as a batch. */
  multiline?: NetMultilineLine[];
}

/** Lines event-playback replays besides messages; clients without the cap get PRIVMSG and NOTICE only. */
export const HISTORY_EVENTS = ['JOIN', 'PART', 'QUIT', 'KICK', 'NICK', 'TOPIC', 'MODE', 'TAGMSG'] as const;
export type HistoryCommand = 'PRIVMSG' | 'NOTICE' | (typeof HISTORY_EVENTS)[number];

/** Whether a line is a message every chathistory client gets (the rest need draft/event-playback). */
export function isPlainMessage(entry: HistoryEntry): boolean {
  return entry.command === 'PRIVMSG' || entry.command === 'NOTICE';
}

/**
 * Who a party of a private conversation is: the account when logged in (the conversation follows
 * the account across connections, as in Ergo), else the connection's uid (it ends with it, so a
 * new user taking the nick does not read the old one's messages).
 */
export function identityOf(user: Pick<User, 'uid' | 'account'>): string {
  return user.account !== undefined ? `a:${ircLower(user.account)}` : `u:${user.uid}`;
}

/** The key of the conversation between two identities, the same whichever of them asks. */
export function privateKey(a: string, b: string): string {
  return a <= b ? `pm:${a} ${b}` : `pm:${b} ${a}`;
}

/** The key of a channel's history. */
export function channelKey(name: string): string {
  return ircLower(name);
}

/** (time, msgid): the order of a target's history on every server. */
export function compareEntries(
  a: Pick<HistoryEntry, 'time' | 'msgid'>,
  b: Pick<HistoryEntry, 'time' | 'msgid'>,
): number {
  if (a.time !== b.time) return a.time - b.time;
  return a.msgid < b.msgid ? -1 : a.msgid > b.msgid ? 1 : 0;
}

/** A rough size in bytes, for the maxBytes bound (the stream's JSON form is about this). */
export function entrySize(entry: HistoryEntry): number {
  let size = 96 + entry.key.length + entry.msgid.length + entry.prefix.length + entry.from.length;
  for (const p of entry.params) size += p.length + 3;
  if (entry.clientTags) for (const k in entry.clientTags) size += k.length + (entry.clientTags[k]?.length ?? 0) + 6;
  if (entry.multiline) for (const line of entry.multiline) size += line.text.length + 16;
  return size;
}
