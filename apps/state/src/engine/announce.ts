import type { IrcMessage } from '@portalchat/protocol';
import type { ChatState } from '../model/chat-state';
import type { Channel, User } from '../model/types';
import { batchMessage, type OpenBatches } from './batch';
import { CAP } from './caps';
import { userPrefix } from './context';
import { seesInChannel } from './auditorium';
import { allMembers } from './membership-view';
import type { Outbox, ServerTags } from './outbox';
import type { HistoryIndex } from './history/history-index';
import { recordChannelLine, recordUserLine, type Stamp } from './history/record';
import { presenceAudience } from './presence-audience';

/**
 * What local clients see when a user changes, whether the change was made here (a command) or
 * arrived from another server (a network event): one function per kind, so both paths print
 * exactly the same lines. Remote recipients are skipped by the Outbox.
 */

/**
 * Where announcements go and how they are stamped; a CommandContext is one. A line given an
 * origin `stamp` (its msgid and time, made where it happened and carried in the network event)
 * shows with that stamp and goes into `history` (absent when history is off).
 */
export interface Announcer {
  readonly out: Outbox;
  readonly now: number;
  nextMsgId(): string;
  readonly history?: HistoryIndex | undefined;
}

/** A fresh origin stamp for a line made here. */
export function originStamp(a: Announcer): Stamp {
  return { time: a.now, msgid: a.nextMsgId() };
}

/**
 * A message from an actor to every member, the actor included (JOIN PART KICK TOPIC MODE).
 * `subject` is the member the line is about (who PARTs, who is KICKed): in an IRCX auditorium
 * (+x) only the members who see it get the line (hosts, owners, the subject itself).
 */
export function announceToChannel(
  a: Announcer,
  channel: Channel,
  msg: IrcMessage,
  subject?: User,
  stamp?: Stamp,
): void {
  let recipients = allMembers(channel);
  if (subject && channel.modes.has('x')) recipients = recipients.filter((u) => seesInChannel(channel, u, subject));
  a.out.deliver(recipients, msg, stamp ?? { time: a.now, msgid: a.nextMsgId() });
  recordChannelLine(a.history, channel, msg, stamp, a.now, subject);
}

/**
 * `:nick!user@host JOIN #chan` to every member, the joiner included; extended-join clients get
 * `JOIN #chan <account> :<realname>` (`*` when not logged in). Two deliveries at most, one per form,
 * then the joiner's AWAY for away-notify members when the joiner is away.
 */
export function announceJoin(a: Announcer, channel: Channel, user: User, stamp?: Stamp, batches?: OpenBatches): void {
  const prefix = userPrefix(user);
  const tags = stamp ?? { time: a.now, msgid: a.nextMsgId() };
  const plain: User[] = [];
  const extended: User[] = [];
  for (const m of channel.members.values()) {
    // In an auditorium, plain members get no JOIN for each other.
    if (!m.user.local || !seesInChannel(channel, m.user, user)) continue;
    const wantsExtended = m.user.local.caps.has(CAP.extendedJoin);
    // A netjoin: batch clients get the JOIN inside their batch.
    const ref = batches?.refFor(m.user.local);
    if (ref !== undefined) {
      const params = wantsExtended ? [channel.name, '*', user.realname] : [channel.name];
      batchMessage(a.out, m.user.local, ref, { prefix, command: 'JOIN', params }, tags);
      continue;
    }
    (wantsExtended ? extended : plain).push(m.user);
  }
  recordChannelLine(a.history, channel, { prefix, command: 'JOIN', params: [channel.name] }, stamp, a.now, user);
  if (plain.length) a.out.deliver(plain, { prefix, command: 'JOIN', params: [channel.name] }, tags);
  if (extended.length) {
    a.out.deliver(
      extended,
      { prefix, command: 'JOIN', params: [channel.name, user.account ?? '*', user.realname] },
      tags,
    );
  }
  // away-notify: "Clients will be sent an AWAY message [...] when a user joins and has an away
  // message set" — right after the JOIN, to the other members that asked for it.
  if (user.away !== undefined) {
    const watchers: User[] = [];
    for (const m of channel.members.values()) {
      if (m.user !== user && m.user.local?.caps.has(CAP.awayNotify) && seesInChannel(channel, m.user, user))
        watchers.push(m.user);
    }
    if (watchers.length) a.out.deliver(watchers, { prefix, command: 'AWAY', params: [user.away] }, { time: a.now });
  }
}

/** `:old!user@host NICK new` to the user and everyone sharing a channel, once each (before the rename). */
export function announceNick(a: Announcer, state: ChatState, user: User, newNick: string, stamp?: Stamp): void {
  const message = { prefix: userPrefix(user), command: 'NICK', params: [newNick] };
  a.out.deliver([user, ...visiblePeersOf(state, user)], message, stamp ?? { time: a.now });
  recordUserLine(a.history, state, user, message, stamp, a.now);
}

/**
 * `:nick!user@host QUIT :<message>` to everyone sharing a channel (before the user is removed);
 * with `batches` (a netsplit), batch clients get it inside their batch.
 */
export function announceQuit(
  a: Announcer,
  state: ChatState,
  user: User,
  message: string,
  stamp?: Stamp,
  batches?: OpenBatches,
): void {
  const msg = { prefix: userPrefix(user), command: 'QUIT', params: [message] };
  const tags = stamp ?? { time: a.now };
  const peers = visiblePeersOf(state, user);
  a.out.deliver(batches ? outsideBatches(a, peers, batches, msg, tags) : peers, msg, tags);
  recordUserLine(a.history, state, user, msg, stamp, a.now);
}

/** Sends `msg` to each recipient that takes `batches` inside its batch → the others, to be sent plain. */
function outsideBatches(
  a: Announcer,
  recipients: Iterable<User>,
  batches: OpenBatches,
  msg: IrcMessage,
  tags: ServerTags,
): User[] {
  const plain: User[] = [];
  for (const user of recipients) {
    const ref = user.local && batches.refFor(user.local);
    if (user.local && ref !== undefined) batchMessage(a.out, user.local, ref, msg, tags);
    else plain.push(user);
  }
  return plain;
}

/**
 * away-notify (https://ircv3.net/specs/extensions/away-notify): peers with the cap see the change,
 * and so do extended-monitor clients that MONITOR the user.
 */
export function announceAway(a: Announcer, state: ChatState, user: User): void {
  const watchers = presenceAudience(state, user, CAP.awayNotify, false);
  const params = user.away === undefined ? [] : [user.away];
  a.out.deliver(watchers, { prefix: userPrefix(user), command: 'AWAY', params }, { time: a.now });
}

/**
 * The peers that see `user` in at least one shared channel: the auditorium rule (a plain member
 * of a +x channel is seen there only by its hosts and owners), so a QUIT or NICK reaches nobody
 * who never saw the user.
 */
function visiblePeersOf(state: ChatState, user: User): Set<User> {
  return state.peersOf(user, (channel, peer) => seesInChannel(channel, peer, user));
}
