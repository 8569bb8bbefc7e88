import type { HostConfig, ScramKeys } from '@portalchat/config';
import {
  MessageParseError,
  parseMessage,
  ERR_INPUTTOOLONG,
  hadInvalidUtf8,
  ERR_UNKNOWNERROR,
  MAX_CLIENT_TAGS_BYTES,
  type ConnOpen,
  type GatewayEvent,
  type IrcMessage,
  type NetEvent,
  type NetInItem,
} from '@portalchat/protocol';
import { ChatState, type ChatStateData } from '../model/chat-state';
import { uidCounterStart } from '../model/ids';
import type { Connection } from '../model/types';
import { runCommand } from '../commands/registry';
import { sendFail } from './fail-reply';
import { resumePasswordCheck } from '../handlers/password-verdict';
import { collectBatchedLine } from '../handlers/multiline';
import { AuthGuard, type AuthGuardData, type Verdict } from './auth';
import { Outbox } from './outbox';
import { CAP } from './caps';
import { labelOfLine } from './line-tags';
import type { CommandContext } from './context';
import { LineContext } from './line-context';
import { admitConnection } from './admission';
import { Cloaker } from './cloak';
import { banOn, banQuitMessage, dropBanned, subjectOf, type BanEnforcer } from './ban-enforcement';
import { announceQuit, originStamp } from './announce';
import { HistoryIndex } from './history/history-index';
import { NetOutbox } from './network/net-outbox';
import { applyNetItem, netItemProblem } from './network/apply';
import type { NetApplyContext } from './network/apply-context';
import { burstEvents } from './network/burst';
import { RecentIds } from './network/recent-ids';
import { EventFeed } from './event-feed';
import { MonitorNotifier } from './monitor';
import { createConfiguredChannels } from './registered-channels';
import { adminSession } from './admin-command';

export interface EngineOptions {
  /**
   * Whether changes are emitted for a portal. Default: when the config lists portals; with none
   * nothing reads the events, so they are not even built.
   */
  network?: boolean;
}

/** See StateEngine.captureData. */
export interface EngineData {
  state: ChatStateData;
  msgCounter: number;
  recentMsgIds: string[];
  eventSubscribers: Connection[];
  /** Absent in snapshots written before password checks left the event loop. */
  auth?: AuthGuardData;
}

/**
 * Lines held for a connection waiting for a password check: far more than the gateway lets a
 * client send in the time a check takes (flood control), so only a broken gateway reaches it.
 */
const MAX_HELD_LINES = 200;

/** Message IDs remembered to drop a network message delivered twice (see RecentIds). */
const RECENT_MSGIDS = 4096;

/**
 * The state service's logic: gateway events in, deliveries out (in `out`, drained by the adapter).
 * Synchronous and deterministic given the clock; no I/O.
 */
export class StateEngine {
  readonly state: ChatState;
  readonly out = new Outbox();
  /** Changes for the other servers, drained by the adapter to the portal. */
  readonly network: NetOutbox;
  /** Password checks to run off the event loop, failures to log (drained by the adapter). */
  readonly auth: AuthGuard;
  /** Chat history (draft/chathistory); undefined when the host file turns it off. */
  readonly history: HistoryIndex | undefined;
  private msgCounter = 0;
  private readonly recentMsgIds = new RecentIds(RECENT_MSGIDS);
  /** IRCX EVENT subscriptions of sysops; also the ChatState observer. */
  private readonly events: EventFeed;
  /** Host cloaking with the configured key (made at the first connection, again after a key change). */
  private cloaker: Cloaker | undefined;

  constructor(
    /** The host file as last loaded; `reconfigure` replaces it on a reload (REHASH, SIGHUP, the admin API). */
    public config: HostConfig,
    private readonly clock: () => number,
    /**
     * The prefix of the msgids this engine makes: unique per history (recovery/ keeps it across
     * restarts together with the counter), so msgids stay unique and replay makes the same ones.
     */
    readonly instance: string,
    options: EngineOptions = {},
  ) {
    const { server } = config;
    this.state = new ChatState(
      server.id,
      server.name,
      config.limits.whowasHistory,
      server.description,
      uidCounterStart(clock()),
    );
    this.state.startedAt = clock();
    // The host file's registered channels exist from the start, empty (the adapter then brings
    // back their stored copies before serving: persistence/registered-persistence.ts).
    createConfiguredChannels(this.state, config, this.state.startedAt);
    this.network = new NetOutbox(options.network ?? config.portals.length > 0);
    this.auth = new AuthGuard(config.auth);
    this.history = config.history.enabled ? new HistoryIndex(config.history) : undefined;
    this.events = new EventFeed(this.out, clock, server.name);
    this.state.observer = this.events;
    this.state.presence = new MonitorNotifier(this.state, this.out, server.name);
  }

  /**
   * Applies what the portal delivered (events of other servers, server tables) in order. An item
   * that is not what the contract says (unknown type, missing field) is skipped and reported to
   * `onIgnored`; a fault in one item is reported and the rest still runs, as for gateway batches.
   */
  applyNetwork(
    items: readonly NetInItem[],
    onFault: (err: unknown, item: NetInItem) => void = rethrow,
    onIgnored: (problem: string, item: NetInItem | undefined) => void = () => {},
  ): void {
    for (const item of items) {
      const problem = netItemProblem(item);
      if (problem) {
        onIgnored(problem, item);
        continue;
      }
      try {
        applyNetItem(this.netContext(item), item);
      } catch (err) {
        onFault(err, item);
      }
    }
  }

  /** The full view for a peer (BurstRequest): users, then channels, without `excludeServers`. */
  burst(excludeServers: readonly number[]): NetEvent[] {
    return burstEvents(this.state, excludeServers, this.history);
  }

  private netContext(item: NetInItem): NetApplyContext {
    const origin = item.type === 'event' ? this.state.servers.get(item.event.stamp.origin) : undefined;
    return {
      state: this.state,
      out: this.out,
      network: this.network,
      config: this.config,
      now: this.clock(),
      sourceServer: origin?.name ?? this.config.server.name,
      nextMsgId: () => this.nextMsgId(),
      history: this.history,
      disconnect: (conn, reason, quitMessage, emitQuit = false) => {
        this.endConnection(conn, reason, quitMessage, true, emitQuit);
      },
      seenMessage: (msgid) => !this.recentMsgIds.add(msgid),
    };
  }

  /**
   * Handles a gateway's batch in order. A fault in one event (a bug) is reported to `onFault`
   * and the rest of the batch still runs: one bad command must not stop the server.
   */
  handleEvents(
    gateway: string,
    events: readonly GatewayEvent[],
    onFault: (err: unknown, event: GatewayEvent) => void = rethrow,
  ): void {
    for (const event of events) {
      try {
        this.handleEvent(gateway, event);
      } catch (err) {
        onFault(err, event);
      }
    }
  }

  handleEvent(gateway: string, event: GatewayEvent): void {
    switch (event.type) {
      case 'hello':
        this.forgetGateway(gateway);
        return;
      case 'open':
        this.open(gateway, event);
        return;
      case 'line': {
        const conn = this.state.connection(gateway, event.conn);
        // A line for a connection this instance never saw (state restarted): end it cleanly.
        if (!conn) {
          this.out.close({ gateway, conn: event.conn } as Connection, 'Session lost: the chat service restarted');
          return;
        }
        if (conn.passwordCheck !== undefined) this.hold(conn, event.line);
        else this.line(conn, event.line);
        return;
      }
      case 'closed': {
        const conn = this.state.connection(gateway, event.conn);
        if (conn) this.endConnection(conn, event.reason, undefined, false);
        return;
      }
      case 'oversized': {
        // A line the gateway dropped as too long (it cannot parse it, nor know the caps).
        const conn = this.state.connection(gateway, event.conn);
        if (conn) this.inputTooLong(conn, event.label);
        return;
      }
    }
  }

  private open(gateway: string, event: ConnOpen): void {
    const now = this.clock();
    const conn: Connection = {
      key: ChatState.connectionKey(gateway, event.conn),
      gateway,
      conn: event.conn,
      ip: event.ip,
      hostname: event.ip,
      port: event.port,
      localPort: event.localPort,
      tls: event.tls,
      ...(event.certfp !== undefined ? { certfp: event.certfp } : {}),
      connectedAt: now,
      caps: new Set(),
      capNegotiating: false,
      capVersion: 0,
      ircx: false,
      lastActiveAt: now,
    };
    // Computed here, where the address is known, and carried with the user (NetUser.hostname):
    // the other servers show it as it is and need not hold the key.
    const { cloaking } = this.config;
    if (cloaking.enabled && cloaking.key !== '') {
      // A REHASH may change the key: a new Cloaker then, forgetting the old key's segments.
      if (this.cloaker?.key !== cloaking.key) this.cloaker = new Cloaker(cloaking.key);
      conn.cloakedHost = this.cloaker.cloak(event.ip, conn.hostname);
    }
    const refusal = admitConnection(
      { total: this.state.connections.size, fromIp: this.state.connectionsByIp.get(event.ip) ?? 0 },
      this.config.limits,
    );
    this.state.addConnection(conn);
    this.events.socketAccept(conn);
    if (refusal) {
      this.events.connectionRefused(conn, refusal);
      this.endConnection(conn, refusal, undefined, true);
      return;
    }
    // A D-line refuses the IP before the client says anything (the gateway sends it with the open).
    const dline = banOn(this.state, subjectOf(conn, ''), now, ['D']);
    if (dline) {
      this.events.connectionRefused(conn, banQuitMessage(dline.kind, dline.ban));
      dropBanned(this.banEnforcer(now), conn, dline.kind, dline.ban);
    }
  }

  private banEnforcer(now: number): BanEnforcer {
    return {
      state: this.state,
      out: this.out,
      serverName: this.config.server.name,
      now,
      disconnect: (conn, reason, quitMessage) => this.endConnection(conn, reason, quitMessage, true),
    };
  }

  private line(conn: Connection, line: string): void {
    if (clientTagDataTooLong(line)) {
      this.inputTooLong(conn, labelOfLine(line));
      return;
    }
    let msg: IrcMessage;
    try {
      msg = parseMessage(line);
    } catch (err) {
      if (!(err instanceof MessageParseError)) throw err;
      if (err.code === 'line-too-long' || err.code === 'tags-too-long') {
        this.inputTooLong(conn, labelOfLine(line));
      } else if (err.code === 'nul') {
        // Refused, not stripped (issue 12): the connection stays, the line is not run.
        this.context(conn).reply(ERR_UNKNOWNERROR, commandWordOf(line), 'Line refused: it contains a NUL character');
      }
      // Empty or unparseable lines are ignored, as RFC 1459 §2.3.1 says for empty messages.
      return;
    }
    // A line of a draft/multiline batch is collected, not run (handlers/multiline.ts).
    const batch = msg.tags?.batch;
    if (batch !== undefined && conn.user) {
      collectBatchedLine(this.context(conn), msg, batch);
      return;
    }
    const label = msg.tags?.label;
    if (label === undefined || !conn.caps.has(CAP.labeledResponse)) {
      this.runLine(conn, line, msg);
      return;
    }
    this.out.beginResponse({ conn, label, server: this.config.server.name });
    try {
      this.runLine(conn, line, msg);
    } finally {
      this.finishResponse(conn);
    }
  }

  /**
   * 417 ERR_INPUTTOOLONG for a line that could not be run: the reply to its labeled command when
   * it named a `label` and the client negotiated labeled-response (ergo labels it too).
   */
  private inputTooLong(conn: Connection, label: string | undefined): void {
    if (label === undefined || !conn.caps.has(CAP.labeledResponse) || conn.passwordCheck !== undefined) {
      this.context(conn).reply(ERR_INPUTTOOLONG, 'Input line was too long');
      return;
    }
    this.out.beginResponse({ conn, label, server: this.config.server.name });
    try {
      this.context(conn).reply(ERR_INPUTTOOLONG, 'Input line was too long');
    } finally {
      this.out.endResponse();
    }
  }

  /**
   * Sends the labeled reply collected for `conn`, unless its command now waits for a password
   * check: then the reply is kept on the connection and goes on with the verdict.
   */
  private finishResponse(conn: Connection): void {
    if (conn.passwordCheck !== undefined && this.state.connections.has(conn.key)) {
      const response = this.out.suspendResponse();
      if (response) conn.pendingResponse = { label: response.label, lines: response.lines };
      return;
    }
    this.out.endResponse();
  }

  /**
   * Runs one parsed line. UTF8ONLY (https://ircv3.net/specs/extensions/utf8-only): a line that was
   * not UTF-8 is refused whole (the gateway decoded each invalid sequence to U+FFFD,
   * hadInvalidUtf8); METADATA SET answers such a value itself, as draft/metadata-2 asks (INVALID_VALUE).
   */
  private runLine(conn: Connection, line: string, msg: IrcMessage): void {
    if (hadInvalidUtf8(line) && msg.command !== 'METADATA') {
      sendFail(this.context(conn), msg.command, 'INVALID_UTF8', 'Message rejected for containing invalid UTF-8');
      return;
    }
    runCommand(this.context(conn), msg);
  }

  /**
   * The verdict of a password check (a journaled input of its own, recovery/): the command that
   * asked resumes, then the lines the connection sent meanwhile run in order, until one of them
   * asks for another check. A verdict for a connection that is gone is dropped. `keys`: what a
   * derivation (REGISTER) produced, with a `yes`.
   */
  passwordVerdict(id: number, verdict: Verdict, onFault: (err: unknown) => void = rethrow, keys?: ScramKeys): void {
    const check = this.auth.resolve(id);
    const conn = check && this.state.connections.get(check.conn);
    if (!check || conn?.passwordCheck !== id) return;
    conn.passwordCheck = undefined;
    const held = conn.heldLines ?? [];
    conn.heldLines = undefined;
    const pending = conn.pendingResponse;
    conn.pendingResponse = undefined;
    if (pending) this.out.beginResponse({ conn, server: this.config.server.name, ...pending });
    try {
      resumePasswordCheck(this.context(conn), check, verdict, keys);
    } catch (err) {
      onFault(err);
    } finally {
      if (pending) this.finishResponse(conn);
    }
    for (const [i, line] of held.entries()) {
      if (!this.state.connections.has(conn.key)) return;
      if (conn.passwordCheck !== undefined) {
        conn.heldLines = held.slice(i);
        return;
      }
      try {
        this.line(conn, line);
      } catch (err) {
        onFault(err);
      }
    }
  }

  /** A line of a connection waiting for a password check, kept to run after the verdict. */
  private hold(conn: Connection, line: string): void {
    conn.heldLines ??= [];
    if (conn.heldLines.length >= MAX_HELD_LINES) {
      this.endConnection(conn, 'Excess Flood', undefined, true);
      return;
    }
    conn.heldLines.push(line);
  }

  /**
   * Takes a reloaded host file. Everything read per command follows at once (MOTD, operators,
   * accounts, limits checked per command, the IRCX policy); what was sized at start (the WHOWAS
   * list, the history index) keeps its size until a restart. An operator whose account left the
   * file keeps +o for the session, as on other servers after a REHASH.
   */
  reconfigure(config: HostConfig): void {
    this.config = config;
    this.network.enabled ||= config.portals.length > 0;
  }

  /**
   * An operator's command from the admin API (a journaled input of its own, recovery/): `line` runs
   * as if operator `operator` had typed it on this server, through the same handler and checks.
   * Returns what the command answered the operator; undefined when no such operator account is
   * in the host file (any more).
   */
  adminCommand(operator: string, line: string): string[] | undefined {
    const account = this.config.operators.find((op) => op.name === operator);
    this.adminReply = undefined;
    if (!account) return undefined;
    const session = adminSession(this.config.server, account, this.clock());
    this.out.beginResponse({ conn: session, label: 'admin', server: this.config.server.name });
    try {
      runCommand(this.context(session), parseMessage(line));
    } finally {
      // The reply collected for the session: what the operator's client would have shown.
      const response = this.out.suspendResponse();
      this.adminReply = response?.lines ?? [];
    }
    return this.adminReply;
  }

  /** REHASHes to carry out (drained by the adapter, which asks the host and journals the outcome). */
  readonly reloadRequests: { conn: string; by: string }[] = [];

  /** The outcome of a REHASH (a journaled input): NOTICEs to the operator who asked, if still here. */
  rehashOutcome(connKey: string, lines: readonly string[]): void {
    const conn = this.state.connections.get(connKey);
    if (!conn?.user) return;
    for (const text of lines) {
      this.out.message(conn, { prefix: this.config.server.name, command: 'NOTICE', params: [conn.user.nick, text] });
    }
  }

  /** What the last adminCommand answered (the adapter reads it after journaling and applying the input). */
  adminReply: string[] | undefined;

  /**
   * Drops every connection of a gateway that restarted or went silent for good: its users QUIT
   * everywhere (its sockets are gone, so nothing is sent to them).
   */
  forgetGateway(gateway: string, reason = 'Gateway restarted'): void {
    for (const conn of [...this.state.connections.values()]) {
      if (conn.gateway === gateway) this.endConnection(conn, reason, undefined, false);
    }
  }

  /**
   * Ends a connection: its user QUITs to everyone sharing a channel, leaves the state, and when
   * the gateway still holds the socket (`notifyGateway`) it gets ERROR and is closed. The other
   * servers get a `quit` event unless `emitQuit` is false (a KILL travels as `kill` instead).
   */
  endConnection(
    conn: Connection,
    reason: string,
    quitMessage: string | undefined,
    notifyGateway: boolean,
    emitQuit = true,
  ): void {
    const now = this.clock();
    const user = conn.user;
    this.events.forget(conn);
    if (user) {
      const message = quitMessage ?? reason;
      // A connection ended without a `quit` event is an operator's KILL (see the doc above); the
      // gateway's liveness check closes a silent one with "Ping timeout: <n> seconds".
      const subtype = !emitQuit ? 'KILL' : reason.startsWith(PING_TIMEOUT) ? 'TIMEOUT' : 'LOGOFF';
      this.events.userLogoff(user, subtype, message);
      const announcer = { out: this.out, now, nextMsgId: () => this.nextMsgId(), history: this.history };
      const stamp = originStamp(announcer);
      announceQuit(announcer, this.state, user, message, stamp);
      this.state.removeUser(user, now);
      if (emitQuit) this.network.emit({ type: 'quit', uid: user.uid, reason: message, ...stamp });
    }
    this.state.removeConnection(conn);
    this.events.socketClose(conn);
    if (notifyGateway) {
      this.out.line(conn, `ERROR :Closing Link: ${conn.hostname} (${quitMessage ?? reason})`);
      this.out.close(conn, reason);
    }
  }

  /**
   * Everything the engine holds that its inputs change, as plain data (structured-clone safe) for
   * a recovery snapshot; `restoreData` puts it back into an engine built from the same config.
   * The outboxes are not in it: the snapshot is taken between turns, when they are drained.
   */
  captureData(): EngineData {
    return {
      state: this.state.captureData(),
      msgCounter: this.msgCounter,
      recentMsgIds: this.recentMsgIds.list(),
      eventSubscribers: this.events.subscriberList(),
      auth: this.auth.captureData(),
    };
  }

  restoreData(data: EngineData): void {
    this.state.restoreData(data.state);
    this.msgCounter = data.msgCounter;
    for (const id of data.recentMsgIds) this.recentMsgIds.add(id);
    for (const conn of data.eventSubscribers) this.events.track(conn);
    if (data.auth) this.auth.restoreData(data.auth);
  }

  nextMsgId(): string {
    return `${this.instance}-${(++this.msgCounter).toString(36)}`;
  }

  context(conn: Connection): CommandContext {
    return new LineContext(this, conn, this.clock());
  }
}

/** How the gateway's liveness check words the close of a client that stopped answering PINGs. */
const PING_TIMEOUT = 'Ping timeout';

function rethrow(err: unknown): never {
  throw err;
}

/**
 * IRCv3 message-tags: "Clients MUST NOT send messages with tag data exceeding 4094 bytes" (the
 * tags between '@' and the space, client-only or not). The parser only knows the 8191-byte cap
 * that also covers server-added tags, so the client's own limit is checked here (ergo answers 417).
 */
function clientTagDataTooLong(line: string): boolean {
  if (line.charCodeAt(0) !== 0x40 /* @ */) return false;
  const space = line.indexOf(' ');
  const tagData = space === -1 ? line.slice(1) : line.slice(1, space);
  return tagData.length > MAX_CLIENT_TAGS_BYTES && Buffer.byteLength(tagData, 'utf8') > MAX_CLIENT_TAGS_BYTES;
}

/**
 * The command of a line the parser refused, for the numeric that answers it (Modern IRC 400:
 * `<client> <command> :<info>`); `*` when there is none to name (the NUL is inside it).
 */
function commandWordOf(line: string): string {
  const words = line.split(' ').filter((w) => w !== '');
  let i = 0;
  if (words[i]?.startsWith('@')) i++;
  if (words[i]?.startsWith(':')) i++;
  const word = words[i] ?? '';
  return /^(?:[A-Za-z]+|\d{3})$/.test(word) ? word.toUpperCase() : '*';
}
