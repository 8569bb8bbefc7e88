import { hasChannelPrefix, ircLower, type IrcMessage } from '@portalchat/protocol';
import { CAP } from '../engine/caps';
import type { CommandSpec, RegisteredContext } from '../engine/context';
import { sendBatch, type BatchLine } from '../engine/history/batch';
import { channelKey, identityOf, isPlainMessage, privateKey, type HistoryEntry } from '../engine/history/entry';
import { CHATHISTORY_MAX } from '../engine/history/limits';
import { safeParam, sendFail } from '../engine/history/fail';
import {
  after,
  around,
  before,
  between,
  latest,
  spanOf,
  type HistoryRef,
  type Visible,
} from '../engine/history/select';
import { isHostOrOwner } from '../engine/levels';

/**
 * CHATHISTORY (https://ircv3.net/specs/extensions/chathistory), answered from this server's
 * history index, which every server of the network holds alike (same msgids, same order).
 * Errors are standard replies: `FAIL CHATHISTORY <code> <subcommand> … :<text>`.
 */

const SELECTIONS = ['LATEST', 'BEFORE', 'AFTER', 'AROUND', 'BETWEEN'] as const;
type Selection = (typeof SELECTIONS)[number];

/** A parsed reference: `*` (LATEST only), `msgid=…` or `timestamp=…`; undefined when malformed. */
function parseRef(text: string | undefined, starAllowed: boolean): HistoryRef | '*' | undefined {
  if (text === undefined) return undefined;
  if (text === '*') return starAllowed ? '*' : undefined;
  if (text.startsWith('msgid=')) {
    const msgid = text.slice(6);
    return msgid ? { kind: 'msgid', msgid } : undefined;
  }
  if (text.startsWith('timestamp=')) {
    const time = Date.parse(text.slice(10));
    return Number.isFinite(time) ? { kind: 'timestamp', time } : undefined;
  }
  return undefined;
}

/** The limit: a non-negative integer, 0 or over the maximum meaning the maximum (as Ergo). */
function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,9}$/.test(text)) return undefined;
  const n = Number(text);
  return n === 0 || n > CHATHISTORY_MAX ? CHATHISTORY_MAX : n;
}

function fail(ctx: RegisteredContext, code: string, ...params: [...string[], string]): void {
  const text = params.pop() ?? '';
  sendFail(ctx, 'CHATHISTORY', code, params, text);
}

/** What a target resolves to for the asking user: its key and what of it the user may read. */
interface ReadableTarget {
  key: string;
  visible: Visible;
}

/**
 * A channel is read by its members only (Ergo; irctest expects INVALID_TARGET otherwise), and in
 * an auditorium (+x) a plain member reads what it saw live: the hosts' and owners' lines and its
 * own. A nick names the private conversation with that user (or, offline, with that account).
 */
function readableTarget(ctx: RegisteredContext, target: string, playback: boolean): ReadableTarget | undefined {
  const kinds = (entry: HistoryEntry) =>
    (playback || isPlainMessage(entry)) && (entry.command !== 'TAGMSG' || ctx.conn.caps.has(CAP.messageTags));
  if (hasChannelPrefix(target)) {
    const channel = ctx.state.channel(target);
    const membership = channel?.members.get(ctx.user.uid);
    if (!channel || !membership) return undefined;
    const host = isHostOrOwner(membership);
    const me = ctx.user.uid;
    return {
      key: channelKey(channel.name),
      visible: (e) => kinds(e) && (host || e.restrictedTo === undefined || e.restrictedTo === me),
    };
  }
  const other = ctx.state.userByNick(target);
  const otherId = other ? identityOf(other) : `a:${ircLower(target)}`;
  return { key: privateKey(identityOf(ctx.user), otherId), visible: kinds };
}

// CHATHISTORY {LATEST|BEFORE|AFTER|AROUND} <target> <ref> <limit>
// CHATHISTORY BETWEEN <target> <ref> <ref> <limit>
// CHATHISTORY TARGETS <timestamp> <timestamp> <limit>
function handleChathistory(ctx: RegisteredContext, msg: IrcMessage): void {
  const [rawSub = '', ...args] = msg.params;
  const sub = rawSub.toUpperCase();
  const history = ctx.history;
  if (sub === 'TARGETS') {
    chathistoryTargets(ctx, args);
    return;
  }
  if (!(SELECTIONS as readonly string[]).includes(sub)) {
    fail(ctx, 'INVALID_PARAMS', rawSub || '*', 'Unknown subcommand');
    return;
  }
  const selection = sub as Selection;
  const [target, first, second, third] = args;
  const betweenQuery = selection === 'BETWEEN';
  const limitText = betweenQuery ? third : second;
  if (target === undefined || first === undefined || limitText === undefined) {
    fail(ctx, 'NEED_MORE_PARAMS', selection, 'Missing parameters');
    return;
  }
  const start = parseRef(first, selection === 'LATEST');
  const end = betweenQuery ? parseRef(second, false) : undefined;
  const limit = parseLimit(limitText);
  if (start === undefined || (betweenQuery && end === undefined)) {
    fail(ctx, 'INVALID_PARAMS', selection, 'Invalid message reference');
    return;
  }
  if (limit === undefined) {
    fail(ctx, 'INVALID_PARAMS', selection, 'Invalid limit');
    return;
  }
  const readable = history ? readableTarget(ctx, target, ctx.conn.caps.has(CAP.eventPlayback)) : undefined;
  if (!readable) {
    fail(ctx, 'INVALID_TARGET', selection, target, 'Messages could not be retrieved');
    return;
  }
  const stored = history?.target(readable.key);
  let entries: HistoryEntry[] = [];
  if (stored) {
    const { list, byId } = stored;
    const startSpan = start === '*' ? undefined : spanOf(start, byId);
    const endSpan = end && end !== '*' ? spanOf(end, byId) : undefined;
    // A msgid this target does not hold selects nothing (an empty batch), except LATEST's `*`.
    if (start === '*') entries = latest(list, undefined, limit, readable.visible);
    else if (startSpan) {
      if (selection === 'LATEST') entries = latest(list, startSpan, limit, readable.visible);
      else if (selection === 'BEFORE') entries = before(list, startSpan, limit, readable.visible);
      else if (selection === 'AFTER') entries = after(list, startSpan, limit, readable.visible);
      else if (selection === 'AROUND') entries = around(list, startSpan, limit, readable.visible);
      else if (endSpan) entries = between(list, startSpan, endSpan, limit, readable.visible);
    }
  }
  const lines: BatchLine[] = entries.map((e) => ({
    msg: { prefix: e.prefix, command: e.command, params: e.params },
    time: e.time,
    msgid: e.msgid,
    ...(e.clientTags ? { clientTags: e.clientTags } : {}),
    ...(e.multiline ? { multiline: e.multiline } : {}),
  }));
  sendBatch(ctx.out, ctx.conn, ctx.config.server.name, ctx.nextMsgId(), 'chathistory', [safeParam(target)], lines);
}

/**
 * TARGETS: the channels the user is in and the users it talked with, whose latest message falls
 * between the two timestamps, oldest first: `CHATHISTORY TARGETS <target> <timestamp>` lines in a
 * `draft/chathistory-targets` batch.
 */
function chathistoryTargets(ctx: RegisteredContext, args: string[]): void {
  const [a, b, limitText] = args;
  const from = parseRef(a, false);
  const to = parseRef(b, false);
  const limit = parseLimit(limitText);
  if (
    from === undefined ||
    to === undefined ||
    from === '*' ||
    to === '*' ||
    from.kind !== 'timestamp' ||
    to.kind !== 'timestamp'
  ) {
    fail(ctx, 'INVALID_PARAMS', 'TARGETS', 'Invalid timestamp');
    return;
  }
  if (limit === undefined) {
    fail(ctx, 'INVALID_PARAMS', 'TARGETS', 'Invalid limit');
    return;
  }
  const lo = Math.min(from.time, to.time);
  const hi = Math.max(from.time, to.time);
  const found: { name: string; time: number }[] = [];
  const history = ctx.history;
  if (history) {
    const me = identityOf(ctx.user);
    for (const folded of ctx.user.channels) {
      const channel = ctx.state.channel(folded);
      const last = lastMessage(history.target(channelKey(folded))?.list);
      if (channel && last && last.time > lo && last.time <= hi) found.push({ name: channel.name, time: last.time });
    }
    for (const [key, newest] of history.latestByTarget()) {
      if (!key.startsWith('pm:') || !newest.parties?.includes(me)) continue;
      const last = lastMessage(history.target(key)?.list);
      if (!last || last.time <= lo || last.time > hi) continue;
      found.push({ name: last.from === ctx.user.uid ? (last.params[0] ?? '*') : nickOf(last.prefix), time: last.time });
    }
  }
  found.sort((x, y) => x.time - y.time);
  const server = ctx.config.server.name;
  const lines: BatchLine[] = found.slice(0, limit).map(({ name, time }) => ({
    msg: { prefix: server, command: 'CHATHISTORY', params: ['TARGETS', name, new Date(time).toISOString()] },
  }));
  sendBatch(ctx.out, ctx.conn, server, ctx.nextMsgId(), 'draft/chathistory-targets', [], lines);
}

/** The newest PRIVMSG or NOTICE of a target. */
function lastMessage(list: readonly HistoryEntry[] | undefined): HistoryEntry | undefined {
  if (!list) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const entry = list[i];
    if (entry && isPlainMessage(entry)) return entry;
  }
  return undefined;
}

function nickOf(prefix: string): string {
  const bang = prefix.indexOf('!');
  return bang < 0 ? prefix : prefix.slice(0, bang);
}

export const chathistoryCommands: Record<string, CommandSpec> = {
  CHATHISTORY: { handler: handleChathistory, minParams: 1 },
};
