import type { OperatorAccount } from '@portalchat/config';
import type { AdminChannel, AdminUser } from '@portalchat/protocol';
import type { ChatState } from '../model/chat-state';
import type { Connection, User } from '../model/types';

/**
 * The admin API's operator inside state (issue 14): an IRCX operator session that exists only for
 * the one command it runs. It is in no table of ChatState, so nobody sees it join, quit or take a
 * nick; what the command does (a KILL, a WALLOPS, an ACCESS change) goes to the network exactly
 * as when the operator types it, with the operator's account name as the nick shown.
 *
 * Its gateway is one no gateway can have (a gateway ID is a NATS token), so any line sent to it
 * outside the collected reply is dropped when the outputs are drained.
 */
export const ADMIN_GATEWAY = '@admin';

export function adminSession(server: { name: string; id: number }, account: OperatorAccount, now: number): Connection {
  const conn: Connection = {
    key: `${ADMIN_GATEWAY}:0`,
    gateway: ADMIN_GATEWAY,
    conn: 0,
    ip: '127.0.0.1',
    hostname: server.name,
    port: 0,
    localPort: 0,
    tls: true,
    connectedAt: now,
    caps: new Set(),
    capNegotiating: false,
    capVersion: 0,
    // ACCESS and the IRCX KILL of a channel are IRCX commands.
    ircx: true,
    lastActiveAt: now,
  };
  const user: User = {
    // A server name as the uid: the other servers show a WALLOPS from it as from this server.
    uid: server.name,
    nick: account.name,
    nickTs: now,
    username: 'admin',
    hostname: server.name,
    realname: 'Operator console',
    serverId: server.id,
    serverName: server.name,
    signonAt: now,
    // What OPER grants (handlers/oper.ts finishOper): +o, and +a for a sysop manager.
    modes: new Set(account.level === 'admin' ? ['o', 'a'] : ['o']),
    channels: new Set(),
    operName: account.name,
    access: [],
  };
  conn.user = user;
  return conn;
}

/** Every user state knows of, local or remote, for the console's list. */
export function adminUsers(state: ChatState): AdminUser[] {
  const users: AdminUser[] = [];
  for (const user of state.users.values()) {
    users.push({
      nick: user.nick,
      username: user.username,
      host: user.hostname,
      realname: user.realname,
      server: user.serverName,
      ...(user.operName !== undefined ? { oper: user.operName } : {}),
      ...(user.account !== undefined ? { account: user.account } : {}),
      channels: [...user.channels].map((key) => state.channels.get(key)?.name ?? key),
      signonAt: user.signonAt,
    });
  }
  return users.sort((a, b) => a.nick.localeCompare(b.nick));
}

export function adminChannels(state: ChatState): AdminChannel[] {
  const channels: AdminChannel[] = [];
  for (const channel of state.channels.values()) {
    channels.push({
      name: channel.name,
      members: channel.members.size,
      ...(channel.topic ? { topic: channel.topic.text } : {}),
      modes: `+${[...channel.modes].sort().join('')}`,
      registered: channel.modes.has('r'),
      createdAt: channel.createdAt,
    });
  }
  return channels.sort((a, b) => a.name.localeCompare(b.name));
}
