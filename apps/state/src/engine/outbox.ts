import {
  fitLineLimit,
  plainNickLine,
  plainNickView,
  serializeMessage,
  formatServerTime,
  type ConnId,
  type IrcMessage,
  type StateOp,
} from '@portalchat/protocol';
import type { Connection, User } from '../model/types';
import { lineHasTag, withLeadingTag } from './line-tags';
import { nextBatchRef } from './batch-ref';

/** Tags a server adds to a message; which ones a recipient sees depends on its caps. */
export interface ServerTags {
  /** Milliseconds since the epoch, sent as `time` to clients with server-time. */
  time: number;
  /** Sent as `msgid` to clients with message-tags. */
  msgid?: string;
  /** Client-only tags (`+name`), relayed to clients with message-tags. */
  clientTags?: Record<string, string>;
  /** The batch the line belongs to (engine/batch.ts): sent whatever the caps, batches are per connection. */
  batch?: string;
  /** The sender's account, sent as `account` to clients with account-tag (see senderTags). */
  account?: string;
  /** The sender has user mode +B: `bot` (and `draft/bot`) to clients with message-tags. */
  bot?: boolean;
}

/**
 * A labeled command's reply being collected (https://ircv3.net/specs/extensions/labeled-response):
 * every line to `conn` until it ends, sent then as one labeled line, a `labeled-response` batch
 * or an `ACK`. Data, so a command waiting for a password check can keep it on its connection.
 */
export interface LabeledResponse {
  conn: Connection;
  label: string;
  /** The server name the BATCH and ACK lines come from. */
  server: string;
  lines: string[];
}

/**
 * Collects what state decided to send, grouped per gateway, until the adapter drains it once per
 * event-loop turn. A line is serialised once per variant (caps decide tags), never per recipient,
 * and a channel message becomes one SendOp per gateway carrying every recipient's connection ID.
 */
export class Outbox {
  private byGateway = new Map<string, StateOp[]>();
  /** Per gateway, how many of its ops are sealed (see seal): lines are never merged into those. */
  private sealedOps = new Map<string, number>();
  /** The labeled command's reply being collected, if any (see beginResponse). */
  private response: LabeledResponse | undefined;

  private ops(gateway: string): StateOp[] {
    let ops = this.byGateway.get(gateway);
    if (!ops) this.byGateway.set(gateway, (ops = []));
    return ops;
  }

  /**
   * One raw line (no CR/LF) to one connection. Consecutive lines to the same single connection
   * share one SendOp (joined by CR-LF): a welcome or a NAMES reply is dozens of lines, and each op
   * costs a JSON encode here and a decode and dispatch in the gateway (profiled: the envelope
   * encoding was the state's largest cost while 10,000 clients registered).
   */
  line(conn: Connection, raw: string): void {
    this.push(conn, conn.ircx ? raw : plainNickLine(raw));
  }

  /** Queues a line already in the form `conn` sees (see line). */
  private push(conn: Connection, raw: string): void {
    const line = fitLineLimit(raw);
    if (this.response?.conn === conn) {
      this.response.lines.push(line);
      return;
    }
    const ops = this.ops(conn.gateway);
    const last = ops.length > (this.sealedOps.get(conn.gateway) ?? 0) ? ops[ops.length - 1] : undefined;
    if (last?.type === 'send' && last.to.length === 1 && last.to[0] === conn.conn) {
      last.line += `\r\n${line}`;
      last.lines = (last.lines ?? 1) + 1;
      return;
    }
    ops.push({ type: 'send', to: [conn.conn], line });
  }

  /**
   * A message to one connection, with the tags its caps ask for; a plain (non-IRCX) session sees
   * Unicode nicks as `^hex` (plainNickView).
   */
  message(conn: Connection, msg: IrcMessage, tags?: ServerTags): void {
    this.push(conn, serializeMessage(withTags(conn.ircx ? msg : plainNickView(msg), conn.caps, tags)));
  }

  /**
   * A message to many users: local ones get it through their gateway, grouped by gateway and by
   * tag variant. Remote users are skipped here (the portal carries network events).
   */
  deliver(recipients: Iterable<User>, msg: IrcMessage, tags?: ServerTags): void {
    // A private message's one recipient: the same op, without the grouping maps below (two Map
    // allocations per PM, noticeable in state's GC time).
    if (Array.isArray(recipients) && recipients.length === 1) {
      this.deliverToOne(recipients[0] as User, msg, tags);
      return;
    }
    // variant key → gateway → connection IDs
    const groups = new Map<number, Map<string, ConnId[]>>();
    // Only a message that names a Unicode nick has a plain view of its own: the others pay nothing.
    const plain = plainNickView(msg);
    for (const user of recipients) {
      const conn = user.local;
      if (!conn) continue;
      if (this.response?.conn === conn) {
        this.message(conn, msg, tags);
        continue;
      }
      const variant = (tags ? variantOf(conn.caps) : 0) | (plain !== msg && !conn.ircx ? PLAIN_VIEW : 0);
      let byGw = groups.get(variant);
      if (!byGw) groups.set(variant, (byGw = new Map<string, ConnId[]>()));
      let ids = byGw.get(conn.gateway);
      if (!ids) byGw.set(conn.gateway, (ids = []));
      ids.push(conn.conn);
    }
    for (const [variant, byGw] of groups) {
      const line = fitLineLimit(serializeMessage(applyVariant(variant & PLAIN_VIEW ? plain : msg, variant, tags)));
      for (const [gateway, to] of byGw) this.ops(gateway).push({ type: 'send', to, line });
    }
  }

  private deliverToOne(user: User, msg: IrcMessage, tags: ServerTags | undefined): void {
    const conn = user.local;
    if (!conn) return;
    if (this.response?.conn === conn) {
      this.message(conn, msg, tags);
      return;
    }
    const view = conn.ircx ? msg : plainNickView(msg);
    const line = fitLineLimit(serializeMessage(applyVariant(view, tags ? variantOf(conn.caps) : 0, tags)));
    this.ops(conn.gateway).push({ type: 'send', to: [conn.conn], line });
  }

  /**
   * A message whose form depends on the session's personality: IRCX sessions get `forIrcx`,
   * the others `forIrc` (the IRC equivalent: WHISPER as PRIVMSG); undefined sends that group
   * nothing (KNOCK, CLONE and DATA never reach plain IRC sessions).
   */
  deliverByPersonality(
    recipients: Iterable<User>,
    forIrcx: IrcMessage | undefined,
    forIrc: IrcMessage | undefined,
    tags?: ServerTags,
  ): void {
    const ircx: User[] = [];
    const irc: User[] = [];
    for (const user of recipients) {
      if (!user.local) continue;
      (user.local.ircx ? ircx : irc).push(user);
    }
    if (forIrcx && ircx.length) this.deliver(ircx, forIrcx, tags);
    if (forIrc && irc.length) this.deliver(irc, forIrc, tags);
  }

  close(conn: Connection, reason: string): void {
    if (this.response?.conn === conn) this.endResponse();
    this.ops(conn.gateway).push({ type: 'close', conn: conn.conn, reason });
  }

  registered(conn: Connection, nick: string, floodExempt: boolean): void {
    this.ops(conn.gateway).push({ type: 'registered', conn: conn.conn, nick, floodExempt });
  }

  /** The connection is IRCX from now on (its gateway needs to know only for a planned stop's REDIRECT). */
  ircx(conn: Connection): void {
    this.ops(conn.gateway).push({ type: 'ircx', conn: conn.conn });
  }

  /** IRCX LAG: the gateway spaces this connection's messages `ms` apart (engine/member-lag.ts). */
  lag(conn: Connection, ms: number): void {
    this.ops(conn.gateway).push({ type: 'lag', conn: conn.conn, ms });
  }

  /**
   * From now until endResponse every line to `conn` is part of the reply to a command labeled
   * `label` (the engine calls this for a labeled line of a labeled-response client).
   */
  beginResponse(response: Omit<LabeledResponse, 'lines'> & { lines?: string[] }): void {
    this.endResponse();
    this.response = { ...response, lines: response.lines ?? [] };
  }

  /**
   * Stops collecting without sending: the command waits for a password check, and its reply
   * goes on when the verdict comes (resume it with beginResponse).
   */
  suspendResponse(): LabeledResponse | undefined {
    const response = this.response;
    this.response = undefined;
    return response;
  }

  /**
   * Runs `send` with its lines outside the reply being collected: a message a user sends to
   * itself reaches it as any recipient, unlabeled; only its echo answers the command.
   */
  outsideResponse(send: () => void): void {
    const response = this.suspendResponse();
    try {
      send();
    } finally {
      this.response = response;
    }
  }

  /**
   * Sends the collected reply: one line → that line with the label; several → a
   * `labeled-response` batch opened by the label (a client without `batch` gets them unlabeled,
   * as ergo does); none → `ACK` with the label. The spec: "Servers MUST respond with a labeled
   * ACK message when a client sends a labeled command that normally produces no response".
   */
  endResponse(): void {
    const response = this.suspendResponse();
    if (!response) return;
    const { conn, label, server, lines } = response;
    const [only] = lines;
    if (only === undefined) {
      this.push(conn, withLeadingTag(`:${server} ACK`, 'label', label));
    } else if (lines.length === 1 || isOneBatch(lines)) {
      // One line, or one batch (a multiline echo): the label goes on it, as ergo does.
      this.push(conn, withLeadingTag(only, 'label', label));
      for (const line of lines.slice(1)) this.push(conn, line);
    } else if (!conn.caps.has('batch')) {
      for (const line of lines) this.push(conn, line);
    } else {
      const ref = nextBatchRef(conn);
      this.push(conn, withLeadingTag(`:${server} BATCH +${ref} labeled-response`, 'label', label));
      // A nested batch's own lines keep their batch tag; its BATCH lines join this one.
      for (const line of lines) this.push(conn, lineHasTag(line, 'batch') ? line : withLeadingTag(line, 'batch', ref));
      this.push(conn, `:${server} BATCH -${ref}`);
    }
  }

  /**
   * Ends one input's ops: a later line never merges into them. Ops are numbered per gateway
   * (recovery/), and a replay after a restart must make the very same ops; it drains at other
   * moments than the live run did, so merging may not depend on when the outbox was drained, only
   * on the inputs.
   */
  seal(): void {
    for (const [gateway, ops] of this.byGateway) this.sealedOps.set(gateway, ops.length);
  }

  /** Hands over everything collected so far, per gateway, and starts empty. */
  drain(): Map<string, StateOp[]> {
    const out = this.byGateway;
    this.byGateway = new Map();
    this.sealedOps = new Map();
    return out;
  }

  get isEmpty(): boolean {
    return this.byGateway.size === 0;
  }
}

/**
 * Whether `lines` are exactly one batch: a `BATCH +ref` line, lines all inside a batch, and the
 * `BATCH -ref` that closes it.
 */
function isOneBatch(lines: readonly string[]): boolean {
  const [first] = lines;
  const last = lines[lines.length - 1];
  const ref = first === undefined ? undefined : /^(?:@\S+ )?(?::\S+ )?BATCH \+(\S+)/.exec(first)?.[1];
  if (ref === undefined || last === undefined || /^(?::\S+ )?BATCH -(\S+)$/.exec(last)?.[1] !== ref) return false;
  return lines.slice(1, -1).every((line) => lineHasTag(line, 'batch'));
}

const SERVER_TIME = 1;
const MESSAGE_TAGS = 2;
const ACCOUNT_TAG = 4;
/** Not a cap: the recipient is a plain session and the message names a Unicode nick. */
const PLAIN_VIEW = 8;

function variantOf(caps: Set<string>): number {
  return (
    (caps.has('server-time') ? SERVER_TIME : 0) |
    (caps.has('message-tags') ? MESSAGE_TAGS : 0) |
    (caps.has('account-tag') ? ACCOUNT_TAG : 0)
  );
}

function withTags(msg: IrcMessage, caps: Set<string>, tags?: ServerTags): IrcMessage {
  return tags ? applyVariant(msg, variantOf(caps), tags) : msg;
}

function applyVariant(msg: IrcMessage, variant: number, tags?: ServerTags): IrcMessage {
  if (!tags || (variant === 0 && tags.batch === undefined)) return msg;
  const out: Record<string, string> = {};
  if (tags.batch !== undefined) out.batch = tags.batch;
  if (variant & MESSAGE_TAGS) {
    if (tags.clientTags) Object.assign(out, tags.clientTags);
    if (tags.msgid) out.msgid = tags.msgid;
    // bot-mode: `bot` is the ratified name; `draft/bot` for clients and suites of the draft.
    if (tags.bot) out.bot = out['draft/bot'] = '';
  }
  if (variant & ACCOUNT_TAG && tags.account !== undefined) out.account = tags.account;
  if (variant & SERVER_TIME) out.time = formatServerTime(tags.time);
  return Object.keys(out).length ? { ...msg, tags: out } : msg;
}
