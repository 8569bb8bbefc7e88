import {
  ERR_NOACCESS,
  ERR_NOSUCHCHANNEL,
  ERR_NOTEXTTOSEND,
  ERR_NOTONCHANNEL,
  ERR_NOWHISPER,
  type IrcMessage,
} from '@portalchat/protocol';
import { nickAccessBlocks } from '../engine/access';
import { CAP } from '../engine/caps';
import { CHANNEL_CONTEXT_TAG, deliverContextMessage, whisperLine } from '../engine/channel-context';
import { sendRefusal } from '../engine/channel-rules';
import { userPrefix, type RegisteredContext, type CommandSpec } from '../engine/context';
import { sendSendError } from '../engine/errors';
import { isGagged, isHostOrOwner } from '../engine/levels';
import type { ServerTags } from '../engine/outbox';
import { remoteServersOf } from '../engine/network/to-net';
import type { Channel, User } from '../model/types';
import { namedMembers } from './channel-targets';

/**
 * IRCX WHISPER, and the channel-context form of PRIVMSG/NOTICE (`PRIVMSG #c nick1,nick2 :text`,
 * draft-04 §1.4) that shares its rules: the sender and every target are members of the channel,
 * +w (NOWHISPER) blocks it between plain members, an auditorium (+x) hides plain members from
 * each other, and the sender must be able to speak in the channel (+m, bans).
 */

export type ContextVerb = 'WHISPER' | 'PRIVMSG' | 'NOTICE';

// WHISPER <channel> <nick>{,<nick>} :<text>
function handleWhisper(ctx: RegisteredContext, msg: IrcMessage): void {
  const [channelName, nickList, text] = msg.params as [string, string, string];
  sendInChannelContext(ctx, 'WHISPER', channelName, nickList, text, undefined);
}

/**
 * Checks and sends one channel-context message. Errors go to the sender, except for NOTICE
 * (RFC 1459 §4.4.2: never an automatic reply). A gagged sender (+z) is never told: it gets its
 * echo, nobody else gets anything.
 */
export function sendInChannelContext(
  ctx: RegisteredContext,
  verb: ContextVerb,
  channelName: string,
  nickList: string,
  text: string,
  clientTags: Record<string, string> | undefined,
): void {
  const reply = verb === 'NOTICE' ? () => {} : ctx.reply.bind(ctx);
  const sender = ctx.user;
  if (text === '') {
    reply(ERR_NOTEXTTOSEND, 'No text to send');
    return;
  }
  const channel = ctx.state.channel(channelName);
  if (!channel) {
    reply(ERR_NOSUCHCHANNEL, channelName, 'No such channel');
    return;
  }
  const own = channel.members.get(sender.uid);
  if (!own) {
    reply(ERR_NOTONCHANNEL, channel.name, "You're not on that channel");
    return;
  }
  const refusal = sendRefusal(channel, sender);
  if (refusal) {
    if (verb !== 'NOTICE') sendSendError(ctx, channel.name, refusal);
    return;
  }
  const targets = namedMembers(ctx, channel, nickList, reply, (target, theirs) => {
    // NOWHISPER: "whispers to and from hosts still work"; whispering to oneself is always allowed.
    if (channel.modes.has('w') && target !== sender && !isHostOrOwner(own) && !isHostOrOwner(theirs)) {
      reply(ERR_NOWHISPER, channel.name, 'Channel does not permit whispers');
      return false;
    }
    if (nickAccessBlocks(target, sender, ctx.now)) {
      // Only IRCX sessions know 913; a plain sender learns nothing (Exchange drops it silently).
      if (ctx.conn.ircx) reply(ERR_NOACCESS, target.nick, 'No access');
      return false;
    }
    return true;
  });
  if (targets.length === 0) return;
  const tags: ServerTags = { time: ctx.now, msgid: ctx.nextMsgId(), ...(clientTags ? { clientTags } : {}) };
  // Gagged: only a whisper to oneself still arrives, so nothing looks different to the sender.
  const recipients = isGagged(sender) ? targets.filter((t) => t === sender) : targets;
  deliverContextMessage(ctx.out, { verb, sender, channel, targets: recipients, text, tags });
  if (recipients.length && ctx.network.enabled) emitContextMessage(ctx, verb, channel, recipients, text, tags);
  if (ctx.conn.caps.has(CAP.echoMessage) && !recipients.includes(sender)) {
    const echo =
      verb === 'WHISPER'
        ? whisperLine(sender, channel, targets, text)
        : {
            prefix: userPrefix(sender),
            command: verb,
            params: [channel.name, targets.map((t) => t.nick).join(','), text],
          };
    ctx.send(echo, tags);
  }
}

/**
 * The network form: one `whisper` event (every target's uid, so each server can write the nick
 * list) to the servers of the remote targets only. The PRIVMSG/NOTICE form travels as private
 * `message` events carrying the channel-context tag, one per remote target with the shared msgid
 * (receivers dedupe private messages by msgid and target, see apply-messages.ts).
 */
function emitContextMessage(
  ctx: RegisteredContext,
  verb: ContextVerb,
  channel: Channel,
  targets: readonly User[],
  text: string,
  tags: ServerTags,
): void {
  const msgid = tags.msgid as string;
  if (verb === 'WHISPER') {
    const servers = remoteServersOf(targets);
    if (servers.length === 0) return;
    const to = targets.map((t) => t.uid);
    ctx.network.emit(
      { type: 'whisper', channel: channel.name, from: ctx.user.uid, to, text, time: tags.time, msgid },
      servers,
    );
    return;
  }
  const clientTags = { ...tags.clientTags, [CHANNEL_CONTEXT_TAG]: channel.name };
  for (const t of targets) {
    if (t.local) continue;
    ctx.network.emit(
      { type: 'message', command: verb, from: ctx.user.uid, to: t.uid, text, time: tags.time, msgid, clientTags },
      [t.serverId],
    );
  }
}

export const whisperCommands: Record<string, CommandSpec> = {
  WHISPER: { handler: handleWhisper, minParams: 3, ircxOnly: true, resetsIdle: true },
};
