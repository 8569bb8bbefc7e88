import { RPL_MONOFFLINE, RPL_MONONLINE } from '@portalchat/protocol';
import type { ChatState, PresenceObserver } from '../model/chat-state';
import type { Connection, User } from '../model/types';
import { CAP } from './caps';
import { targetNick, userPrefix } from './context';
import type { Outbox } from './outbox';

/**
 * MONITOR (https://ircv3.net/specs/extensions/monitor): a client names nicks and hears when each
 * comes online (730) or goes offline (731), wherever on the network the user is. ChatState keeps
 * the lists and tells this notifier of every nick that comes or goes: a registration here, a user
 * of another server arriving (live or in a netjoin burst), a NICK, a QUIT, a KILL, a netsplit.
 */

export class MonitorNotifier implements PresenceObserver {
  constructor(
    private readonly state: ChatState,
    private readonly out: Outbox,
    private readonly serverName: string,
  ) {}

  online(user: User): void {
    this.notify(user, RPL_MONONLINE, userPrefix(user));
  }

  offline(user: User): void {
    this.notify(user, RPL_MONOFFLINE, user.nick);
  }

  private notify(user: User, numeric: string, target: string): void {
    const watchers = this.state.monitorWatchers(user.nick);
    if (!watchers) return;
    for (const conn of watchers) {
      this.out.message(conn, { prefix: this.serverName, command: numeric, params: [targetNick(conn), target] });
    }
  }
}

/**
 * extended-monitor (https://ircv3.net/specs/extensions/extended-monitor): the local users who
 * MONITOR `user` and asked for both extended-monitor and `cap` get the notifications `cap` gives
 * about it (AWAY, ACCOUNT, CHGHOST, SETNAME) as if they shared a channel.
 */
export function extendedMonitorWatchers(state: ChatState, user: User, cap: string): User[] {
  const watchers = state.monitorWatchers(user.nick);
  if (!watchers) return [];
  const users: User[] = [];
  for (const conn of watchers) {
    if (conn.user && conn.user !== user && hasExtendedMonitor(conn) && conn.caps.has(cap)) users.push(conn.user);
  }
  return users;
}

function hasExtendedMonitor(conn: Connection): boolean {
  return conn.caps.has(CAP.extendedMonitor) || conn.caps.has(CAP.draftExtendedMonitor);
}
