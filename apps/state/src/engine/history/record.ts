import type { IrcMessage, NetMultilineLine } from '@portalchat/protocol';
import type { ChatState } from '../../model/chat-state';
import type { Channel, User } from '../../model/types';
import { isHostOrOwner } from '../levels';
import { channelKey, identityOf, privateKey, type HistoryCommand, type HistoryEntry } from './entry';
import type { HistoryIndex } from './history-index';

/**
 * What goes into history, from the lines state shows live. Only lines with an origin stamp are
 * stored: the stamp travels in the network event, so every server stores the same msgid and time.
 * Lines a server makes up on its own (netsplit QUITs, netjoin JOINs) have none and stay out.
 */

/** The origin's time and msgid of a message or event. */
export interface Stamp {
  time: number;
  msgid: string;
}

const STORED: ReadonlySet<string> = new Set<HistoryCommand>([
  'PRIVMSG',
  'NOTICE',
  'TAGMSG',
  'JOIN',
  'PART',
  'QUIT',
  'KICK',
  'NICK',
  'TOPIC',
  'MODE',
]);

/**
 * Stores a line shown to a channel. `subject` is who the line is about (the speaker, who joins,
 * parts or is kicked): in an auditorium (+x) a plain member's line is readable only by the hosts,
 * owners and that member, as it was live.
 */
export function recordChannelLine(
  history: HistoryIndex | undefined,
  channel: Channel,
  msg: IrcMessage,
  stamp: Stamp | undefined,
  now: number,
  subject?: User,
  clientTags?: Record<string, string>,
  multiline?: readonly NetMultilineLine[],
): void {
  if (!history || !stamp || !STORED.has(msg.command) || !msg.prefix) return;
  const restricted = subject && channel.modes.has('x') && !isHostOrOwner(channel.members.get(subject.uid));
  const entry: HistoryEntry = {
    key: channelKey(channel.name),
    msgid: stamp.msgid,
    time: stamp.time,
    command: msg.command as HistoryCommand,
    prefix: msg.prefix,
    params: [...msg.params],
    from: subject?.uid ?? '',
    ...(clientTags ? { clientTags } : {}),
    ...(restricted && subject ? { restrictedTo: subject.uid } : {}),
    ...multilineField(msg, multiline),
  };
  history.add(entry, now);
}

/** QUIT and NICK: stored in every channel the user is in (before it leaves them), as Ergo does. */
export function recordUserLine(
  history: HistoryIndex | undefined,
  state: ChatState,
  user: User,
  msg: IrcMessage,
  stamp: Stamp | undefined,
  now: number,
): void {
  if (!history || !stamp) return;
  for (const name of user.channels) {
    const channel = state.channel(name);
    if (channel) recordChannelLine(history, channel, msg, stamp, now, user);
  }
}

/** A private message (or TAGMSG) from `sender` to `target`: one conversation, read by both. */
export function recordPrivate(
  history: HistoryIndex | undefined,
  sender: User,
  target: User,
  msg: IrcMessage,
  stamp: Stamp,
  now: number,
  clientTags?: Record<string, string>,
  multiline?: readonly NetMultilineLine[],
): void {
  if (!history || !msg.prefix) return;
  const a = identityOf(sender);
  const b = identityOf(target);
  history.add(
    {
      key: privateKey(a, b),
      msgid: stamp.msgid,
      time: stamp.time,
      command: msg.command as HistoryCommand,
      prefix: msg.prefix,
      params: [...msg.params],
      from: sender.uid,
      parties: [a, b],
      ...(clientTags ? { clientTags } : {}),
      ...multilineField(msg, multiline),
    },
    now,
  );
}

/** The origin stamp a network event carries; undefined from a peer that sends none. */
export function stampOf(ev: { msgid?: string; time?: number }): Stamp | undefined {
  return ev.msgid !== undefined && ev.time !== undefined ? { time: ev.time, msgid: ev.msgid } : undefined;
}

/** A draft/multiline message keeps all its lines (replayed as a batch); a TAGMSG never has any. */
function multilineField(
  msg: IrcMessage,
  multiline: readonly NetMultilineLine[] | undefined,
): Pick<HistoryEntry, 'multiline'> {
  if (!multiline || msg.command === 'TAGMSG') return {};
  return {
    multiline: multiline.map((line) => (line.concat ? { text: line.text, concat: true } : { text: line.text })),
  };
}
