import type { HostConfig } from '@portalchat/config';
import type { IrcMessage } from '@portalchat/protocol';
import type { ChatState } from '../model/chat-state';
import type { Connection, User } from '../model/types';
import type { AuthGuard } from './auth/guard';
import { targetNick, type CommandContext } from './context';
import type { HistoryIndex } from './history/history-index';
import type { NetOutbox } from './network/net-outbox';
import type { Outbox, ServerTags } from './outbox';

/** What a line's context reads from the engine that runs it: the engine-wide part of CommandContext. */
export interface LineContextEngine extends Pick<
  CommandContext,
  'state' | 'out' | 'network' | 'config' | 'auth' | 'history' | 'nextMsgId'
> {
  readonly reloadRequests: { conn: string; by: string }[];
  endConnection(
    conn: Connection,
    reason: string,
    quitMessage: string | undefined,
    notifyGateway: boolean,
    emitQuit?: boolean,
  ): void;
}

/**
 * The context of one client line. A class rather than an object literal of closures: every line
 * makes one, and this is one small allocation of one shape instead of seven closures and an
 * accessor property (about 3 % of state's CPU per PM: docs/perf-notes/state.md).
 */
export class LineContext implements CommandContext {
  constructor(
    private readonly engine: LineContextEngine,
    readonly conn: Connection,
    readonly now: number,
  ) {}

  get state(): ChatState {
    return this.engine.state;
  }

  get out(): Outbox {
    return this.engine.out;
  }

  get network(): NetOutbox {
    return this.engine.network;
  }

  get config(): HostConfig {
    return this.engine.config;
  }

  get auth(): AuthGuard {
    return this.engine.auth;
  }

  get history(): HistoryIndex | undefined {
    return this.engine.history;
  }

  get user(): User | undefined {
    return this.conn.user;
  }

  reply(numeric: string, ...params: string[]): void {
    this.engine.out.message(this.conn, {
      prefix: this.engine.config.server.name,
      command: numeric,
      params: [targetNick(this.conn), ...wireSafeParams(params)],
    });
  }

  send(msg: IrcMessage, tags?: ServerTags): void {
    this.engine.out.message(this.conn, msg, tags);
  }

  nextMsgId(): string {
    return this.engine.nextMsgId();
  }

  quit(reason: string, quitMessage?: string): void {
    this.engine.endConnection(this.conn, reason, quitMessage, true);
  }

  disconnect(target: Connection, reason: string, quitMessage?: string, emitQuit = true): void {
    this.engine.endConnection(target, reason, quitMessage, true, emitQuit);
  }

  requestReload(by: string): void {
    this.engine.reloadRequests.push({ conn: this.conn.key, by });
  }
}

/**
 * Numerics echo client input in middle params (`JOIN :#a b` → 403 `#a b`, `MODE #c +:` → 472 `:`);
 * such a param would make serializeMessage throw, so it is shown as `*` instead. The last param
 * is the trailing one and may hold anything.
 */
function wireSafeParams(params: string[]): string[] {
  for (let i = 0; i < params.length - 1; i++) {
    const p = params[i];
    if (p === undefined || p === '' || p.includes(' ') || p.charCodeAt(0) === 0x3a) params[i] = '*';
  }
  return params;
}
