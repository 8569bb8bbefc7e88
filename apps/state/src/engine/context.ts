import type { HostConfig } from '@portalchat/config';
import type { IrcMessage } from '@portalchat/protocol';
import type { ChatState } from '../model/chat-state';
import type { Connection, User } from '../model/types';
import type { AuthGuard } from './auth/guard';
import type { HistoryIndex } from './history/history-index';
import type { Outbox, ServerTags } from './outbox';
import type { NetOutbox } from './network/net-outbox';

/** What a command handler gets: the state, where replies go, and who is asking. */
export interface CommandContext {
  readonly state: ChatState;
  readonly out: Outbox;
  /** Where changes for the other servers go: one `emit` per change a handler makes. */
  readonly network: NetOutbox;
  readonly config: HostConfig;
  /** Password checks off the event loop and their back-off (engine/auth/guard.ts). */
  readonly auth: AuthGuard;
  /** Chat history (engine/history/); undefined when the host file turns it off. */
  readonly history: HistoryIndex | undefined;
  /** The time of this command (ms since the epoch); handlers never read the clock themselves. */
  readonly now: number;
  readonly conn: Connection;
  /** The registered user behind the connection; undefined before registration. */
  readonly user: User | undefined;
  /** Sends a numeric from this server to the client: `:<server> <numeric> <nick> <params…>`. */
  reply(numeric: string, ...params: string[]): void;
  /** Sends a message to the client itself, with server tags its caps ask for. */
  send(msg: IrcMessage, tags?: ServerTags): void;
  /** Builds a fresh message ID for server tags (msgid). */
  nextMsgId(): string;
  /** Ends the client's connection: QUIT to everyone who sees it, ERROR to the client, then close. */
  quit(reason: string, quitMessage?: string): void;
  /**
   * Ends another local connection the same way (KILL): QUIT to its peers, ERROR, close. With
   * `emitQuit` false no `quit` event goes to the network (the caller emitted a `kill` instead).
   */
  disconnect(target: Connection, reason: string, quitMessage?: string, emitQuit?: boolean): void;
  /**
   * Asks for a reload of the host file (REHASH); the outcome comes back as an input of its own
   * (StateEngine.rehashOutcome). Absent where nothing can reload (unit harnesses).
   */
  requestReload?(by: string): void;
}

/** A context whose user is registered (the registry checks this before calling such handlers). */
export interface RegisteredContext extends CommandContext {
  readonly user: User;
}

/** One command of a handler family's table (`channelCommands`…); commands/registry.ts runs it. */
export interface CommandSpec {
  /** Handlers of commands usable before registration get a possibly unregistered context. */
  handler: (ctx: RegisteredContext, msg: IrcMessage) => void;
  /** Fewer params than this → 461 ERR_NEEDMOREPARAMS. */
  minParams: number;
  /** Usable before registration (PASS, NICK, USER, CAP, QUIT, PING, PONG). */
  preRegistration?: boolean;
  /** Needs user mode +o → 481 ERR_NOPRIVILEGES. */
  operOnly?: boolean;
  /** Counts as activity for WHOIS idle time (PRIVMSG, NOTICE). */
  resetsIdle?: boolean;
  /**
   * An IRCX command (ACCESS, PROP, WHISPER, LISTX, CREATE, DATA, EVENT, AUTH…): a session not in
   * IRCX mode gets 421 as from a plain IRC server (Exchange: "non-IRCX clients get 421").
   */
  ircxOnly?: boolean;
}

/** The nick numerics address: the user's nick, else the nick given so far, else `*`. */
export function targetNick(conn: Connection): string {
  return conn.user?.nick ?? conn.pendingNick ?? '*';
}

/** `nick!user@host` of a user. */
export function userPrefix(user: User): string {
  return `${user.nick}!${user.username}@${user.hostname}`;
}
