import {
  ERR_NEEDMOREPARAMS,
  ERR_NOACCESS,
  ERR_NOSUCHNICK,
  RPL_AWAY,
  hasChannelPrefix,
  ircEquals,
  type IrcMessage,
  type NetEvent,
  type NetMultilineLine,
} from '@portalchat/protocol';
import type { OpenMultiline } from '../model/types';
import { CAP } from '../engine/caps';
import { sendRefusal } from '../engine/channel-rules';
import { userPrefix, type CommandContext, type CommandSpec, type RegisteredContext } from '../engine/context';
import { sendSendError } from '../engine/errors';
import { nickAccessBlocks } from '../engine/access';
import { messageServers } from '../engine/auditorium';
import { channelMessageRecipients } from '../engine/channel-recipients';
import { isGagged, STATUS_PREFIXES } from '../engine/levels';
import {
  MULTILINE_BATCH,
  MULTILINE_CONCAT,
  deliverMultiline,
  sendMultiline,
  type MultilineMessage,
} from '../engine/multiline-delivery';
import { MULTILINE_MAX_BYTES, MULTILINE_MAX_LINES } from '../engine/multiline-limits';
import { sendFail } from '../engine/standard-replies';
import { clientOnlyTags } from './messaging';
import { recordChannelLine, recordPrivate } from '../engine/history/record';

/**
 * draft/multiline from the client (https://ircv3.net/specs/extensions/multiline):
 * `BATCH +<ref> draft/multiline <target>`, PRIVMSG/NOTICE lines tagged `batch=<ref>` (optionally
 * `draft/multiline-concat`), `BATCH -<ref>`; then the lines go out as one message with one msgid.
 * A broken batch is refused with `FAIL BATCH <code>` as soon as it breaks, and is dropped: the lines
 * it still gets are ignored until its `BATCH -`. A label on the opening BATCH answers the whole
 * batch (the echo), as ergo does.
 */

// BATCH +<ref> <type> <params…> | BATCH -<ref>
function handleBatch(ctx: RegisteredContext, msg: IrcMessage): void {
  const [refParam = '', type, target] = msg.params;
  const ref = refParam.slice(1);
  if (refParam.startsWith('+')) {
    if (type !== MULTILINE_BATCH || !ctx.conn.caps.has(CAP.multiline)) {
      sendFail(ctx, 'BATCH', 'INVALID_TYPE', [type ?? '*'], 'Unsupported batch type');
      return;
    }
    if (target === undefined) {
      ctx.reply(ERR_NEEDMOREPARAMS, 'BATCH', 'Not enough parameters');
      return;
    }
    if (ctx.conn.multiline && !ctx.conn.multiline.failed) {
      fail(ctx, 'MULTILINE_INVALID', [], 'A multiline batch is already open');
      return;
    }
    const clientTags = clientOnlyTags(msg.tags);
    ctx.conn.multiline = { ref, target, lines: [], bytes: 0, ...(clientTags ? { clientTags } : {}) };
    // The reply to a labeled opening is the delivery at the end: nothing is said now.
    const response = ctx.out.suspendResponse();
    if (response) ctx.conn.multiline.label = response.label;
    return;
  }
  const open = ctx.conn.multiline;
  if (!refParam.startsWith('-') || !open || open.ref !== ref) {
    sendFail(ctx, 'BATCH', 'MULTILINE_INVALID', [], 'No such multiline batch open');
    return;
  }
  ctx.conn.multiline = undefined;
  if (open.failed) return;
  if (open.label !== undefined)
    ctx.out.beginResponse({ conn: ctx.conn, label: open.label, server: ctx.config.server.name });
  try {
    finish(ctx, open);
  } finally {
    if (open.label !== undefined) ctx.out.endResponse();
  }
}

/**
 * A line tagged `batch=<ref>` (the engine routes every such line here): one more line of the open
 * multiline batch, or a FAIL when it does not belong to one.
 */
export function collectBatchedLine(ctx: CommandContext, msg: IrcMessage, ref: string): void {
  const open = ctx.conn.multiline;
  if (!ctx.user || !open || open.ref !== ref) {
    if (open) open.failed = true;
    sendFail(ctx, 'BATCH', 'MULTILINE_INVALID', [], 'This line does not belong to an open multiline batch');
    return;
  }
  if (open.failed) return;
  const verb = msg.command;
  const [target, text] = msg.params;
  if ((verb !== 'PRIVMSG' && verb !== 'NOTICE') || text === undefined || (open.verb && open.verb !== verb)) {
    fail(ctx, 'MULTILINE_INVALID', [], 'A multiline batch holds PRIVMSG or NOTICE lines, all of one kind');
    return;
  }
  if (target === undefined || !ircEquals(target, open.target)) {
    fail(ctx, 'MULTILINE_INVALID_TARGET', [open.target, target ?? '*'], 'Lines must go to the target of their batch');
    return;
  }
  const concat = msg.tags?.[MULTILINE_CONCAT] !== undefined;
  if (concat && text === '') {
    fail(ctx, 'MULTILINE_INVALID', [], 'A blank line cannot be concatenated');
    return;
  }
  if (open.lines.length + 1 > MULTILINE_MAX_LINES) {
    fail(ctx, 'MULTILINE_MAX_LINES', [String(MULTILINE_MAX_LINES)], 'Too many lines in the multiline batch');
    return;
  }
  const bytes = open.bytes + Buffer.byteLength(text, 'utf8');
  if (bytes > MULTILINE_MAX_BYTES) {
    fail(ctx, 'MULTILINE_MAX_BYTES', [String(MULTILINE_MAX_BYTES)], 'Too many bytes in the multiline batch');
    return;
  }
  open.verb = verb;
  open.bytes = bytes;
  open.lines.push(concat ? { text, concat } : { text });
}

/** Refuses the open batch: FAIL BATCH <code>, and the rest of it is ignored. */
function fail(ctx: CommandContext, code: string, context: string[], description: string): void {
  if (ctx.conn.multiline) ctx.conn.multiline.failed = true;
  sendFail(ctx, 'BATCH', code, context, description);
}

/** `BATCH -<ref>` of a whole batch: delivered as PRIVMSG/NOTICE would be, with the same checks. */
function finish(ctx: RegisteredContext, open: OpenMultiline): void {
  const verb = open.verb ?? 'PRIVMSG';
  const silent = verb === 'NOTICE';
  if (!open.lines.some((line) => line.text !== '')) {
    sendFail(ctx, 'BATCH', 'MULTILINE_INVALID', [], 'A multiline batch needs a line that is not blank');
    return;
  }
  const tags = { time: ctx.now, msgid: ctx.nextMsgId(), ...(open.clientTags ? { clientTags: open.clientTags } : {}) };
  const message = (target: string): MultilineMessage => ({
    verb,
    prefix: userPrefix(ctx.user),
    target,
    lines: open.lines,
    tags,
  });
  // History keeps the whole batch; `params` hold its first line, as the network event's `text`.
  const stamp = { time: tags.time, msgid: tags.msgid };
  const stored = (target: string): IrcMessage => ({
    prefix: userPrefix(ctx.user),
    command: verb,
    params: [target, firstText(open.lines)],
  });
  const gagged = isGagged(ctx.user);
  const first = open.target.charAt(0);
  const status = STATUS_PREFIXES[first];
  const channelName = status ? open.target.slice(1) : open.target;
  let shown: string;
  if (hasChannelPrefix(channelName)) {
    const channel = ctx.state.channel(channelName);
    if (!channel) {
      if (!silent) ctx.reply(ERR_NOSUCHNICK, open.target, 'No such nick/channel');
      return;
    }
    const refusal = sendRefusal(channel, ctx.user);
    if (refusal) {
      if (!silent) sendSendError(ctx, channel.name, refusal);
      return;
    }
    shown = status ? first + channel.name : channel.name;
    if (!gagged) {
      deliverMultiline(ctx.out, channelMessageRecipients(channel, ctx.user, status, false), message(shown));
      // As a single message: a STATUSMSG batch only some members saw is not kept.
      if (!status)
        recordChannelLine(ctx.history, channel, stored(shown), stamp, ctx.now, ctx.user, open.clientTags, open.lines);
      if (ctx.network.enabled) {
        const event = multilineEvent(ctx, verb, shown, open.lines, tags);
        // With history on every server stores it, members or not (see handlers/messaging.ts).
        if (ctx.history && !status) ctx.network.emit(event);
        else {
          const servers = messageServers(channel, ctx.user, ctx.state.serverId);
          if (servers.length) ctx.network.emit(event, servers);
        }
      }
    }
  } else {
    const user = ctx.state.userByNick(open.target);
    if (!user) {
      if (!silent) ctx.reply(ERR_NOSUCHNICK, open.target, 'No such nick/channel');
      return;
    }
    shown = user.nick;
    if (nickAccessBlocks(user, ctx.user, ctx.now)) {
      if (ctx.conn.ircx) {
        if (!silent) ctx.reply(ERR_NOACCESS, user.nick, 'No access');
        return;
      }
    } else if (!gagged) {
      recordPrivate(ctx.history, ctx.user, user, stored(user.nick), stamp, ctx.now, open.clientTags, open.lines);
      if (!user.local) ctx.network.emit(multilineEvent(ctx, verb, user.uid, open.lines, tags), [user.serverId]);
      else if (user === ctx.user) ctx.out.outsideResponse(() => deliverMultiline(ctx.out, [user], message(shown)));
      else deliverMultiline(ctx.out, [user], message(shown));
    }
    if (verb === 'PRIVMSG' && user.away !== undefined) ctx.reply(RPL_AWAY, user.nick, user.away);
  }
  if (ctx.conn.caps.has(CAP.echoMessage)) sendMultiline(ctx.out, ctx.conn, message(shown));
}

/** The network form: a `message` event whose `text` is the first line (for peers without the field). */
function multilineEvent(
  ctx: RegisteredContext,
  verb: 'PRIVMSG' | 'NOTICE',
  to: string,
  lines: NetMultilineLine[],
  tags: { time: number; msgid: string; clientTags?: Record<string, string> },
): NetEvent {
  return {
    type: 'message',
    command: verb,
    from: ctx.user.uid,
    to,
    text: firstText(lines),
    time: tags.time,
    msgid: tags.msgid,
    ...(tags.clientTags ? { clientTags: tags.clientTags } : {}),
    multiline: lines.map((line) => ({ ...line })),
  };
}

/** The first line that is not blank (a batch has one: finish checks). */
function firstText(lines: readonly NetMultilineLine[]): string {
  return lines.find((line) => line.text !== '')?.text ?? '';
}

export const multilineCommands: Record<string, CommandSpec> = {
  BATCH: { handler: handleBatch, minParams: 1, resetsIdle: true },
};
