import {
  ERR_NOACCESS,
  ERR_NORECIPIENT,
  ERR_NOSUCHNICK,
  ERR_NOTEXTTOSEND,
  ERR_TOOMANYTARGETS,
  RPL_AWAY,
  hasChannelPrefix,
  type IrcMessage,
  type NetEvent,
} from '@portalchat/protocol';
import { CAP } from '../engine/caps';
import { sendRefusal } from '../engine/channel-rules';
import { userPrefix, type RegisteredContext, type CommandSpec } from '../engine/context';
import { sendSendError } from '../engine/errors';
import type { ServerTags } from '../engine/outbox';
import { senderTags } from '../engine/sender-tags';
import { nickAccessBlocks } from '../engine/access';
import { messageServers } from '../engine/auditorium';
import { channelMessageRecipients } from '../engine/channel-recipients';
import { syncUserLag } from '../engine/member-lag';
import { isGagged, STATUS_PREFIXES } from '../engine/levels';
import { sendInChannelContext } from './whisper';
import { recordChannelLine, recordPrivate, type Stamp } from '../engine/history/record';

/**
 * PRIVMSG, NOTICE and TAGMSG: the hot path. Per channel message the members are walked once to
 * pick recipients, and the Outbox serialises once per tag variant, never per recipient.
 */

type Verb = 'PRIVMSG' | 'NOTICE' | 'TAGMSG';

// PRIVMSG <target>{,<target>} :<text>
function handlePrivmsg(ctx: RegisteredContext, msg: IrcMessage): void {
  relay(ctx, msg, 'PRIVMSG');
}

// NOTICE <target>{,<target>} :<text>
function handleNotice(ctx: RegisteredContext, msg: IrcMessage): void {
  relay(ctx, msg, 'NOTICE');
}

// TAGMSG <target>{,<target>}
function handleTagmsg(ctx: RegisteredContext, msg: IrcMessage): void {
  relay(ctx, msg, 'TAGMSG');
}

function relay(ctx: RegisteredContext, msg: IrcMessage, verb: Verb): void {
  // RFC 1459 §4.4.2: NOTICE must never trigger an automatic reply, errors included.
  const silent = verb === 'NOTICE';
  const [targetList, text, memberList] = msg.params;
  if (!targetList) {
    if (!silent) ctx.reply(ERR_NORECIPIENT, `No recipient given (${verb})`);
    return;
  }
  // IRCX: `PRIVMSG <chan> <nick>{,<nick>} :<text>` is a message to those members only, in the
  // channel's context (draft-04 §1.4). Plain sessions keep the RFC reading (the extra param is ignored).
  if (ctx.conn.ircx && verb !== 'TAGMSG' && memberList !== undefined && hasChannelPrefix(targetList)) {
    sendInChannelContext(ctx, verb, targetList, text ?? '', memberList, clientOnlyTags(msg.tags));
    return;
  }
  if (verb !== 'TAGMSG' && !text) {
    if (!silent) ctx.reply(ERR_NOTEXTTOSEND, 'No text to send');
    return;
  }
  const targets = targetList.split(',').filter((t) => t !== '');
  const firstTooMany = targets[ctx.config.limits.maxTargets];
  if (firstTooMany !== undefined) {
    if (!silent) ctx.reply(ERR_TOOMANYTARGETS, firstTooMany, 'Too many recipients');
    return;
  }
  const clientTags = clientOnlyTags(msg.tags);
  // Gag (+z): the user's messages reach nobody, and it is never told (only its echo comes back).
  const gagged = isGagged(ctx.user);
  for (const target of targets) {
    // text is there unless TAGMSG (checked above).
    const params = verb === 'TAGMSG' || text === undefined ? [target] : [target, text];
    const out: IrcMessage = { prefix: userPrefix(ctx.user), command: verb, params };
    const stamp: Stamp = { time: ctx.now, msgid: ctx.nextMsgId() };
    const tags: ServerTags = { ...stamp, clientTags, ...senderTags(ctx.user) };
    const first = target.charAt(0);
    const status = STATUS_PREFIXES[first];
    const channelName = status ? target.slice(1) : target;
    if (hasChannelPrefix(channelName)) {
      const channel = ctx.state.channel(channelName);
      if (!channel) {
        if (!silent) ctx.reply(ERR_NOSUCHNICK, target, 'No such nick/channel');
        continue;
      }
      const refusal = sendRefusal(channel, ctx.user);
      if (refusal) {
        if (!silent) sendSendError(ctx, channel.name, refusal);
        continue;
      }
      // IRCX LAG: the spacing may have changed since it was last sent (a PART, a new host level).
      if (ctx.conn.lagMs !== undefined || channel.props.has('LAG')) syncUserLag(ctx.state, ctx.out, ctx.user);
      // Keep the target as typed, prefix included, so members see `PRIVMSG @#chan`.
      const shownTarget = status ? first + channel.name : channel.name;
      out.params[0] = shownTarget;
      if (!gagged) {
        ctx.out.deliver(channelMessageRecipients(channel, ctx.user, status, verb === 'TAGMSG'), out, tags);
        // History keeps what every member saw; a STATUSMSG (`@#chan`) only some did: not kept.
        if (!status) recordChannelLine(ctx.history, channel, out, stamp, ctx.now, ctx.user, clientTags);
        if (ctx.network.enabled) {
          if (ctx.history && !status) {
            // With history on, every server hears of it and stores it, members or not, so a user
            // anywhere reads the same history (the receivers still deliver to their members only).
            ctx.network.emit(messageEvent(ctx, verb, shownTarget, text, tags));
          } else {
            // Only servers with members (in an auditorium: with hosts/owners) hear of it.
            const servers = messageServers(channel, ctx.user, ctx.state.serverId);
            if (servers.length) ctx.network.emit(messageEvent(ctx, verb, shownTarget, text, tags), servers);
          }
        }
      }
    } else {
      const user = ctx.state.userByNick(target);
      if (!user) {
        if (!silent) ctx.reply(ERR_NOSUCHNICK, target, 'No such nick/channel');
        continue;
      }
      out.params[0] = user.nick;
      // ACCESS on the target's own nick blocks the sender: IRCX senders are told (913), plain
      // ones are not, as a plain server would not know the rule.
      if (nickAccessBlocks(user, ctx.user, ctx.now)) {
        if (ctx.conn.ircx) {
          if (!silent) ctx.reply(ERR_NOACCESS, user.nick, 'No access');
          continue;
        }
      } else if (!gagged) {
        // Stored here for the sender, and on the target's server for the target (the same entry).
        recordPrivate(ctx.history, ctx.user, user, out, stamp, ctx.now, clientTags);
        if (!user.local) ctx.network.emit(messageEvent(ctx, verb, user.uid, text, tags), [user.serverId]);
        else if (verb !== 'TAGMSG' || user.local.caps.has(CAP.messageTags)) {
          // To oneself: the delivery is not the reply to a labeled command (its echo is).
          if (user === ctx.user) ctx.out.outsideResponse(() => ctx.out.deliver([user], out, tags));
          else ctx.out.deliver([user], out, tags);
        }
      }
      if (verb === 'PRIVMSG' && user.away !== undefined) ctx.reply(RPL_AWAY, user.nick, user.away);
    }
    // TAGMSG reaches only message-tags clients, its echo included.
    if (ctx.conn.caps.has(CAP.echoMessage) && (verb !== 'TAGMSG' || ctx.conn.caps.has(CAP.messageTags))) {
      ctx.send(out, tags);
    }
  }
}

/** The network form of a message; `to` is a channel (with its STATUSMSG prefix) or a uid. */
function messageEvent(
  ctx: RegisteredContext,
  verb: Verb,
  to: string,
  text: string | undefined,
  tags: ServerTags,
): NetEvent {
  return {
    type: 'message',
    command: verb,
    from: ctx.user.uid,
    to,
    text: text ?? '',
    time: tags.time,
    ...(tags.msgid ? { msgid: tags.msgid } : {}),
    ...(tags.clientTags ? { clientTags: tags.clientTags } : {}),
  };
}

/** The client-only tags (`+name`) of a message, relayed to message-tags clients; else undefined. */
export function clientOnlyTags(tags: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!tags) return undefined;
  let out: Record<string, string> | undefined;
  for (const key in tags) {
    if (key.charCodeAt(0) !== 0x2b) continue; // '+'
    const value = tags[key];
    if (value !== undefined) (out ??= {})[key] = value;
  }
  return out;
}

export const messagingCommands: Record<string, CommandSpec> = {
  PRIVMSG: { handler: handlePrivmsg, minParams: 0, resetsIdle: true },
  NOTICE: { handler: handleNotice, minParams: 0, resetsIdle: true },
  TAGMSG: { handler: handleTagmsg, minParams: 0 },
};
