import { ERR_YOUREBANNEDCREEP } from '@portalchat/protocol';
import type { ChatState } from '../model/chat-state';
import type { Connection, ServerBan, ServerBanKind } from '../model/types';
import type { Outbox } from './outbox';
import { BAN_LABEL, banCovers, isLive, matchingBan, pruneBans, type BanSubject } from './server-bans';

/**
 * Where K-, D- and G-lines bite: a connection that opens (D), one that registers (all three), and
 * the local users already connected when a ban is set here or arrives from the network.
 */

/** What refusing or dropping a banned connection needs from the engine. */
export interface BanEnforcer {
  readonly state: ChatState;
  readonly out: Outbox;
  readonly serverName: string;
  readonly now: number;
  /** Ends a local connection: QUIT to its peers and to the network, ERROR and close. */
  disconnect(conn: Connection, reason: string, quitMessage: string): void;
}

/** The ban subject of a local connection: its IP, its real host and, once registered, the host others see. */
export function subjectOf(conn: Connection, username: string): BanSubject {
  const hosts =
    conn.user && conn.user.hostname !== conn.hostname ? [conn.hostname, conn.user.hostname] : [conn.hostname];
  return { username, hosts, ip: conn.ip };
}

/** The ban that keeps this connection out (D first, then K, then G), if any. */
export function banOn(
  state: ChatState,
  subject: BanSubject,
  now: number,
  kinds: readonly ServerBanKind[] = ['D', 'K', 'G'],
): { kind: ServerBanKind; ban: ServerBan } | undefined {
  for (const kind of kinds) {
    const list = state.serverBans[kind];
    if (list.length === 0) continue;
    pruneBans(list, now);
    const ban = matchingBan(kind, list, subject, now);
    if (ban) return { kind, ban };
  }
  return undefined;
}

/** `K-Lined: <reason>`: the quit message others see and the client's ERROR (InspIRCd's wording). */
export function banQuitMessage(kind: ServerBanKind, ban: ServerBan): string {
  return ban.reason ? `${BAN_LABEL[kind]}d: ${ban.reason}` : `${BAN_LABEL[kind]}d`;
}

/** 465, then ERROR and close (the usual refusal); its peers and the network see the QUIT. */
export function dropBanned(env: BanEnforcer, conn: Connection, kind: ServerBanKind, ban: ServerBan): void {
  const nick = conn.user?.nick ?? conn.pendingNick ?? '*';
  const text = ban.reason ? `You are banned from this server: ${ban.reason}` : 'You are banned from this server';
  env.out.message(conn, { prefix: env.serverName, command: ERR_YOUREBANNEDCREEP, params: [nick, text] });
  const quit = banQuitMessage(kind, ban);
  env.disconnect(conn, quit, quit);
}

/**
 * Disconnects the local users (and, for a D-line, unregistered connections) a new ban covers;
 * returns how many. Users on other servers are their own servers' business: a GLINE reaches them.
 */
export function enforceBan(env: BanEnforcer, kind: ServerBanKind, ban: ServerBan): number {
  if (!isLive(ban, env.now)) return 0;
  const hit: Connection[] = [];
  for (const conn of env.state.connections.values()) {
    const username = conn.user?.username ?? conn.pendingUser?.username;
    if (kind !== 'D' && username === undefined) continue;
    if (banCovers(kind, ban.mask, subjectOf(conn, username ?? ''))) hit.push(conn);
  }
  for (const conn of hit) if (env.state.connections.has(conn.key)) dropBanned(env, conn, kind, ban);
  return hit.length;
}
