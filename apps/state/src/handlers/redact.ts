import { hasChannelPrefix, type IrcMessage } from '@portalchat/protocol';
import { CAP } from '../engine/caps';
import type { CommandSpec, RegisteredContext } from '../engine/context';
import { channelKey, identityOf, privateKey } from '../engine/history/entry';
import { redactLine, showChannelRedaction } from '../engine/history/redact-apply';
import { isHostOrOwner } from '../engine/levels';
import { sendFail } from '../engine/history/fail';

/**
 * REDACT (https://ircv3.net/specs/extensions/message-redaction): a message leaves history on every
 * server, and clients with draft/message-redaction are told. Who may: in a channel its hosts and
 * owners, the network's operators, and the sender itself; in private, the sender. Errors are
 * standard replies as Ergo sends them: `FAIL REDACT <code> <target> [<msgid>] :<text>`.
 */

function fail(ctx: RegisteredContext, code: string, ...params: [...string[], string]): void {
  const text = params.pop() ?? '';
  sendFail(ctx, 'REDACT', code, params, text);
}

/** Only what was said can be redacted: events (JOIN, TOPIC…) stay. */
const REDACTABLE: ReadonlySet<string> = new Set(['PRIVMSG', 'NOTICE', 'TAGMSG']);

// REDACT <target> <msgid> [:<reason>]
function handleRedact(ctx: RegisteredContext, msg: IrcMessage): void {
  const [target = '', msgid = '', reason] = msg.params;
  const why = reason === '' ? undefined : reason;
  const history = ctx.history;
  if (hasChannelPrefix(target)) {
    const channel = ctx.state.channel(target);
    if (!channel) {
      fail(ctx, 'INVALID_TARGET', target, 'No such channel');
      return;
    }
    const key = channelKey(channel.name);
    const entry = history?.find(key, msgid);
    if (!history || !entry || !REDACTABLE.has(entry.command)) {
      fail(ctx, 'UNKNOWN_MSGID', target, msgid, 'This message does not exist or is too old');
      return;
    }
    const allowed =
      ctx.user.modes.has('o') || isHostOrOwner(channel.members.get(ctx.user.uid)) || entry.from === ctx.user.uid;
    if (!allowed) {
      fail(ctx, 'REDACT_FORBIDDEN', target, msgid, 'You are not authorised to delete this message');
      return;
    }
    history.redact(key, msgid);
    showChannelRedaction(ctx, channel, redactLine(ctx.user, channel.name, msgid, why), ctx.user);
    ctx.network.emit({
      type: 'redact',
      from: ctx.user.uid,
      target: channel.name,
      msgid,
      time: ctx.now,
      ...(why !== undefined ? { reason: why } : {}),
    });
    return;
  }
  const other = ctx.state.userByNick(target);
  if (!other) {
    fail(ctx, 'INVALID_TARGET', target, 'No such nick');
    return;
  }
  const key = privateKey(identityOf(ctx.user), identityOf(other));
  const entry = history?.find(key, msgid);
  if (!history || !entry || !REDACTABLE.has(entry.command)) {
    fail(ctx, 'UNKNOWN_MSGID', target, msgid, 'This message does not exist or is too old');
    return;
  }
  if (entry.from !== ctx.user.uid) {
    fail(ctx, 'REDACT_FORBIDDEN', target, msgid, 'You are not authorised to delete this message');
    return;
  }
  history.redact(key, msgid);
  const line = redactLine(ctx.user, other.nick, msgid, why);
  const tags = { time: ctx.now, msgid: ctx.nextMsgId() };
  if (ctx.conn.caps.has(CAP.messageRedaction)) ctx.send(line, tags);
  if (other === ctx.user) return;
  if (other.local) {
    if (other.local.caps.has(CAP.messageRedaction)) ctx.out.deliver([other], line, tags);
  } else {
    const ev = { type: 'redact' as const, from: ctx.user.uid, target: other.uid, msgid, time: ctx.now };
    ctx.network.emit(why !== undefined ? { ...ev, reason: why } : ev, [other.serverId]);
  }
}

export const redactCommands: Record<string, CommandSpec> = {
  REDACT: { handler: handleRedact, minParams: 2 },
};
