import type { Channel, User } from '../model/types';
import { seesInChannel } from './auditorium';
import { userPrefix } from './context';
import type { Outbox, ServerTags } from './outbox';

/**
 * Who gets an IRCX DATA/REQUEST/REPLY and in which form, shared by the handler and the network
 * apply code. Only IRCX sessions ever get these lines (draft-04: non-IRCX clients must never get
 * DATA); a plain session gets nothing, not even a downgraded form.
 */

export type DataVerb = 'DATA' | 'REQUEST' | 'REPLY';

/**
 * Tag grammar (draft-04 §1.4): "≤15 characters from [A-z0-9.], starting with a letter". The
 * draft's `A-z` range also admits `[\]^_\``; we take the letters it plainly means.
 */
const TAG_PATTERN = /^[A-Za-z][A-Za-z0-9.]{0,14}$/;

export function isValidDataTag(tag: string): boolean {
  return TAG_PATTERN.test(tag);
}

/** The reserved tag prefixes and the level each needs (checked case-insensitively). */
export type TagLevel = 'admin' | 'sysop' | 'owner' | 'host';

export function reservedTagLevel(tag: string): TagLevel | undefined {
  switch (tag.slice(0, 3).toUpperCase()) {
    case 'ADM':
      return 'admin';
    case 'SYS':
      return 'sysop';
    case 'OWN':
      return 'owner';
    case 'HST':
      return 'host';
    default:
      return undefined;
  }
}

export interface DataMessage {
  verb: DataVerb;
  sender: User;
  tag: string;
  text: string;
  tags: ServerTags;
}

/** To a channel: its IRCX members but the sender, narrowed by the auditorium rule. `:<src> DATA #c <tag> :<msg>`. */
export function deliverChannelData(out: Outbox, m: DataMessage, channel: Channel): void {
  const recipients: User[] = [];
  for (const member of channel.members.values()) {
    const user = member.user;
    if (user === m.sender || !user.local?.ircx || !seesInChannel(channel, user, m.sender)) continue;
    recipients.push(user);
  }
  out.deliver(
    recipients,
    { prefix: userPrefix(m.sender), command: m.verb, params: [channel.name, m.tag, m.text] },
    m.tags,
  );
}

/**
 * To some members of a channel: each IRCX one sees `:<src> DATA #c <its nick> <tag> :<msg>`
 * (the draft's form for "DATA sent to a subset of members"), so one delivery per recipient.
 */
export function deliverSubsetData(out: Outbox, m: DataMessage, channel: Channel, targets: readonly User[]): void {
  for (const user of targets) {
    if (!user.local?.ircx) continue;
    out.deliver(
      [user],
      { prefix: userPrefix(m.sender), command: m.verb, params: [channel.name, user.nick, m.tag, m.text] },
      m.tags,
    );
  }
}

/** To one user: `:<src> DATA <its nick> <tag> :<msg>` when it is an IRCX session. */
export function deliverUserData(out: Outbox, m: DataMessage, target: User): void {
  if (!target.local?.ircx) return;
  out.deliver(
    [target],
    { prefix: userPrefix(m.sender), command: m.verb, params: [target.nick, m.tag, m.text] },
    m.tags,
  );
}
