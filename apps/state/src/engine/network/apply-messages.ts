import { hasChannelPrefix, type IrcMessage, type NetEvent } from '@portalchat/protocol';
import type { User } from '../../model/types';
import { channelMessageRecipients } from '../channel-recipients';
import { deliverMultiline } from '../multiline-delivery';
import { CAP } from '../caps';
import { isGagged, STATUS_PREFIXES } from '../levels';
import { userPrefix } from '../context';
import type { ServerTags } from '../outbox';
import { senderTags } from '../sender-tags';
import { actorPrefix, type NetApplyContext } from './apply-context';
import { recordChannelLine, recordPrivate, stampOf } from '../history/record';

/**
 * PRIVMSG/NOTICE/TAGMSG and WALLOPS from other servers, delivered to the local recipients through
 * the same Outbox grouping as local messages (one serialisation per tag variant). The sender's
 * server checked the permissions (+n, +m, bans) already.
 */

type MessageEvent = Extract<NetEvent, { type: 'message' }>;

export function applyMessage(ctx: NetApplyContext, ev: MessageEvent): void {
  const first = ev.to.charAt(0);
  const status = STATUS_PREFIXES[first];
  const channelName = status ? ev.to.slice(1) : ev.to;
  const toChannel = hasChannelPrefix(channelName);
  // The portals deliver once; a replayed event must still not reach a client twice. A private
  // message is keyed by msgid and target: an IRCX `PRIVMSG #c a,b` sends one event per remote
  // target with the same msgid (see handlers/whisper.ts).
  if (ev.msgid !== undefined && ctx.seenMessage(toChannel ? ev.msgid : `${ev.msgid}>${ev.to}`)) return;
  const sender = ctx.state.users.get(ev.from);
  // A gagged user's server drops its messages; this guards against one that did not.
  if (!sender || isGagged(sender)) return;
  const tags: ServerTags = {
    time: ev.time,
    ...(ev.msgid ? { msgid: ev.msgid } : {}),
    ...(ev.clientTags ? { clientTags: ev.clientTags } : {}),
    ...senderTags(sender),
  };
  const line = (target: string): IrcMessage => ({
    prefix: userPrefix(sender),
    command: ev.command,
    params: ev.command === 'TAGMSG' ? [target] : [target, ev.text],
  });
  const { multiline } = ev;
  const verb = ev.command;
  const send = (recipients: User[], target: string): void => {
    if (multiline && verb !== 'TAGMSG') {
      deliverMultiline(ctx.out, recipients, { verb, prefix: userPrefix(sender), target, lines: multiline, tags });
    } else ctx.out.deliver(recipients, line(target), tags);
  };
  if (toChannel) {
    const channel = ctx.state.channel(channelName);
    if (!channel) return;
    // The same choice as at the origin (auditorium included): here it picks this server's members.
    const recipients = channelMessageRecipients(channel, sender, status, ev.command === 'TAGMSG');
    send(recipients, status ? first + channel.name : channel.name);
    // Stored whether or not this server has members: history is the same on every server.
    if (!status)
      recordChannelLine(
        ctx.history,
        channel,
        line(channel.name),
        stampOf(ev),
        ctx.now,
        sender,
        ev.clientTags,
        multiline,
      );
    return;
  }
  const target = ctx.state.users.get(ev.to);
  if (!target?.local) return;
  const stamp = stampOf(ev);
  if (stamp) recordPrivate(ctx.history, sender, target, line(target.nick), stamp, ctx.now, ev.clientTags, multiline);
  if (ev.command === 'TAGMSG' && !target.local.caps.has(CAP.messageTags)) return;
  send([target], target.nick);
}

/** WALLOPS to the local users with +w; `from` is a uid or a server name. Deduplicated by msgid like messages. */
export function applyWallops(ctx: NetApplyContext, ev: Extract<NetEvent, { type: 'wallops' }>): void {
  if (ev.msgid !== undefined && ctx.seenMessage(ev.msgid)) return;
  const recipients: User[] = [];
  for (const user of ctx.state.users.values()) if (user.local && user.modes.has('w')) recipients.push(user);
  const tags: ServerTags = { time: ctx.now, ...(ev.msgid ? { msgid: ev.msgid } : {}) };
  ctx.out.deliver(recipients, { prefix: actorPrefix(ctx, ev.from), command: 'WALLOPS', params: [ev.text] }, tags);
}
