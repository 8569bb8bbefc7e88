import type { IrcMessage } from '@portalchat/protocol';
import type { Channel, User } from '../model/types';
import { userPrefix } from './context';
import type { Outbox, ServerTags } from './outbox';

/**
 * Local delivery of a message sent to some members of a channel in that channel's context: IRCX
 * WHISPER and `PRIVMSG/NOTICE <chan> <nick>{,<nick>} :text`. Shared by the handlers and by the
 * network apply code, so a recipient on any server sees the same line.
 */

/** The IRCv3 draft tag that names the channel a private message belongs to. */
export const CHANNEL_CONTEXT_TAG = '+draft/channel-context';

export interface ContextMessage {
  /** WHISPER, or the verb of a channel-context PRIVMSG/NOTICE. */
  verb: 'WHISPER' | 'PRIVMSG' | 'NOTICE';
  sender: User;
  channel: Channel;
  /** Every addressed member (in the order addressed); only the local ones are delivered to here. */
  targets: readonly User[];
  text: string;
  /** time and msgid; client tags of the sender, if any (the channel-context tag is added here). */
  tags: ServerTags;
}

/**
 * IRCX sessions get `:<src> WHISPER <chan> <nick>{,<nick>} :<text>` for a WHISPER; everyone else
 * (plain sessions, and everyone for the PRIVMSG/NOTICE form) gets `:<src> <PRIVMSG|NOTICE> <their
 * nick> :<text>`, tagged `+draft/channel-context=<chan>` for message-tags clients. The private
 * form names each recipient, so it is one delivery per recipient; the WHISPER form is one in all.
 */
export function deliverContextMessage(out: Outbox, m: ContextMessage): void {
  const prefix = userPrefix(m.sender);
  const privateVerb = m.verb === 'NOTICE' ? 'NOTICE' : 'PRIVMSG';
  const privateTags: ServerTags = {
    ...m.tags,
    clientTags: { ...m.tags.clientTags, [CHANNEL_CONTEXT_TAG]: m.channel.name },
  };
  const whisperers: User[] = [];
  for (const user of m.targets) {
    const conn = user.local;
    if (!conn) continue;
    if (m.verb === 'WHISPER' && conn.ircx) {
      whisperers.push(user);
      continue;
    }
    out.deliver([user], { prefix, command: privateVerb, params: [user.nick, m.text] }, privateTags);
  }
  if (whisperers.length) out.deliver(whisperers, whisperLine(m.sender, m.channel, m.targets, m.text), m.tags);
}

/** `:<src> WHISPER <chan> <nick>{,<nick>} :<text>`: what IRCX recipients see, and the sender's echo. */
export function whisperLine(sender: User, channel: Channel, targets: readonly User[], text: string): IrcMessage {
  return {
    prefix: userPrefix(sender),
    command: 'WHISPER',
    params: [channel.name, targets.map((u) => u.nick).join(','), text],
  };
}
