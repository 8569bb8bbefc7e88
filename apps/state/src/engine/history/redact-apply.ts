import { hasChannelPrefix, type IrcMessage, type NetEvent } from '@portalchat/protocol';
import type { Channel, User } from '../../model/types';
import { CAP } from '../caps';
import { userPrefix } from '../context';
import { allMembers } from '../membership-view';
import type { Announcer } from '../announce';
import type { NetApplyContext } from '../network/apply-context';
import { channelKey, identityOf, privateKey } from './entry';

/**
 * REDACT (https://ircv3.net/specs/extensions/message-redaction) as every server applies it: the
 * message leaves history, and the clients with the capability that could see it get the REDACT
 * line. The origin checked the rights; here it is applied as stated.
 */

type RedactEvent = Extract<NetEvent, { type: 'redact' }>;

/** `:who REDACT <target> <msgid> [:reason]`. */
export function redactLine(by: User, target: string, msgid: string, reason: string | undefined): IrcMessage {
  return { prefix: userPrefix(by), command: 'REDACT', params: reason ? [target, msgid, reason] : [target, msgid] };
}

/** The members of `channel` with the capability (and `also`, e.g. an operator outside it) get the line. */
export function showChannelRedaction(a: Announcer, channel: Channel, line: IrcMessage, also?: User): void {
  const recipients = allMembers(channel).filter((u) => u.local?.caps.has(CAP.messageRedaction));
  if (also?.local?.caps.has(CAP.messageRedaction) && !channel.members.has(also.uid)) recipients.push(also);
  a.out.deliver(recipients, line, { time: a.now, msgid: a.nextMsgId() });
}

export function applyRedact(ctx: NetApplyContext, ev: RedactEvent): void {
  if (ctx.seenMessage(`redact>${ev.msgid}>${ev.target}`)) return;
  const by = ctx.state.users.get(ev.from);
  if (hasChannelPrefix(ev.target)) {
    ctx.history?.redact(channelKey(ev.target), ev.msgid);
    const channel = ctx.state.channel(ev.target);
    if (channel && by) showChannelRedaction(ctx, channel, redactLine(by, channel.name, ev.msgid, ev.reason));
    return;
  }
  // A private message: `target` is the other party, a user of this server.
  const target = ctx.state.users.get(ev.target);
  if (!by || !target?.local) return;
  ctx.history?.redact(privateKey(identityOf(by), identityOf(target)), ev.msgid);
  if (target.local.caps.has(CAP.messageRedaction)) {
    ctx.out.deliver([target], redactLine(by, target.nick, ev.msgid, ev.reason), {
      time: ctx.now,
      msgid: ctx.nextMsgId(),
    });
  }
}
