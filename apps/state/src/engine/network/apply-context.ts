import type { HostConfig } from '@portalchat/config';
import type { ChatState } from '../../model/chat-state';
import type { Connection, User } from '../../model/types';
import type { Announcer } from '../announce';
import { userPrefix } from '../context';
import type { Outbox } from '../outbox';
import type { NetOutbox } from './net-outbox';
import type { HistoryIndex } from '../history/history-index';

/** What applying one network item needs: the state, local output, and the few engine actions. */
export interface NetApplyContext extends Announcer {
  readonly state: ChatState;
  readonly out: Outbox;
  /** For the rare event this server must add (a local user that lost a nick collision). */
  readonly network: NetOutbox;
  readonly config: HostConfig;
  readonly now: number;
  /** The name of the server the event came from: the source of server-made lines (netjoin MODE). */
  readonly sourceServer: string;
  readonly history: HistoryIndex | undefined;
  /**
   * Ends a local connection because the network said so: after a KILL no `quit` event follows;
   * with `emitQuit` (a GLINE, which only names a mask) the other servers get one.
   */
  disconnect(conn: Connection, reason: string, quitMessage: string, emitQuit?: boolean): void;
  /** Whether a message with this msgid was already delivered (it is recorded otherwise). */
  seenMessage(msgid: string): boolean;
}

/** A remote user by uid; undefined for unknown or LOCAL users (only their own server changes them). */
export function remoteUser(ctx: NetApplyContext, uid: string): User | undefined {
  const user = ctx.state.users.get(uid);
  return user && !user.local ? user : undefined;
}

/** The prefix of lines an actor sends: `nick!user@host` for a known uid, else the name as given (a server). */
export function actorPrefix(ctx: NetApplyContext, by: string): string {
  const user = ctx.state.users.get(by);
  return user ? userPrefix(user) : by;
}
