import {
  fitLineLimit,
  serializeMessage,
  formatServerTime,
  type ConnId,
  type IrcMessage,
  type StateOp,
} from '@portalchat/protocol';
import type { Connection, User } from '../model/types';

/** Tags a server adds to a message; which ones a recipient sees depends on its caps. */
export interface ServerTags {
  /** Milliseconds since the epoch, sent as `time` to clients with server-time. */
  time: number;
  /** Sent as `msgid` to clients with message-tags. */
  msgid?: string;
  /** Client-only tags (`+name`), relayed to clients with message-tags. */
  clientTags?: Record<string, string>;
  /** The sender's account, sent as `account` to clients with account-tag (see senderTags). */
  account?: string;
  /** The sender has user mode +B: `bot` (and `draft/bot`) to clients with message-tags. */
  bot?: boolean;
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
    const line = fitLineLimit(raw);
    const ops = this.ops(conn.gateway);
    const last = ops.length > (this.sealedOps.get(conn.gateway) ?? 0) ? ops[ops.length - 1] : undefined;
    if (last?.type === 'send' && last.to.length === 1 && last.to[0] === conn.conn) {
      last.line += `\r\n${line}`;
      last.lines = (last.lines ?? 1) + 1;
      return;
    }
    ops.push({ type: 'send', to: [conn.conn], line });
  }

  /** A message to one connection, with the tags its caps ask for. */
  message(conn: Connection, msg: IrcMessage, tags?: ServerTags): void {
    this.line(conn, serializeMessage(withTags(msg, conn.caps, tags)));
  }

  /**
   * A message to many users: local ones get it through their gateway, grouped by gateway and by
   * tag variant. Remote users are skipped here (the portal carries network events).
   */
  deliver(recipients: Iterable<User>, msg: IrcMessage, tags?: ServerTags): void {
    // variant key → gateway → connection IDs
    const groups = new Map<number, Map<string, ConnId[]>>();
    for (const user of recipients) {
      const conn = user.local;
      if (!conn) continue;
      const variant = tags ? variantOf(conn.caps) : 0;
      let byGw = groups.get(variant);
      if (!byGw) groups.set(variant, (byGw = new Map<string, ConnId[]>()));
      let ids = byGw.get(conn.gateway);
      if (!ids) byGw.set(conn.gateway, (ids = []));
      ids.push(conn.conn);
    }
    for (const [variant, byGw] of groups) {
      const line = fitLineLimit(serializeMessage(applyVariant(msg, variant, tags)));
      for (const [gateway, to] of byGw) this.ops(gateway).push({ type: 'send', to, line });
    }
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
    this.ops(conn.gateway).push({ type: 'close', conn: conn.conn, reason });
  }

  registered(conn: Connection, nick: string, floodExempt: boolean): void {
    this.ops(conn.gateway).push({ type: 'registered', conn: conn.conn, nick, floodExempt });
  }

  /** The connection is IRCX from now on (its gateway needs to know only for a planned stop's REDIRECT). */
  ircx(conn: Connection): void {
    this.ops(conn.gateway).push({ type: 'ircx', conn: conn.conn });
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

const SERVER_TIME = 1;
const MESSAGE_TAGS = 2;
const ACCOUNT_TAG = 4;

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
  if (!tags || variant === 0) return msg;
  const out: Record<string, string> = {};
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
