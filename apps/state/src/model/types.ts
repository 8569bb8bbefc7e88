import type { ConnId } from '@portalchat/protocol';

/** A local client connection, registered or not. Owned by the state of this host. */
export interface Connection {
  /** `${gatewayId}:${conn}`: unique on this host. */
  key: string;
  gateway: string;
  conn: ConnId;
  ip: string;
  /** The host name shown in prefixes (the IP for now; no reverse DNS). */
  hostname: string;
  port: number;
  localPort: number;
  tls: boolean;
  connectedAt: number;
  /** Capabilities the client has enabled (lower-case names). */
  caps: Set<string>;
  /** Set by `CAP LS`/`CAP REQ` before registration: registration waits for `CAP END`. */
  capNegotiating: boolean;
  /** The CAP version the client announced (`CAP LS 302` → 302); 0 if none. */
  capVersion: number;
  password?: string;
  /** NICK/USER given before registration completes. */
  pendingNick?: string;
  pendingUser?: { username: string; realname: string };
  /** Set once registered; the user this connection carries. */
  user?: User;
  /** Last time the client sent a line (for WHOIS idle: only PRIVMSG/NOTICE count). */
  lastActiveAt: number;
}

export interface User {
  /** Network-unique ID: server ID + counter (see ids.ts). Nicks are a view on top. */
  uid: string;
  nick: string;
  /** When the nick was taken: decides nick collisions (older wins). */
  nickTs: number;
  username: string;
  hostname: string;
  realname: string;
  /** The server the user is connected to. */
  serverId: number;
  serverName: string;
  signonAt: number;
  /** User modes, e.g. 'i', 'o', 'w', 's'. */
  /** Change only through ChatState.setUserMode/replaceUserModes: it keeps the LUSERS counts. */
  modes: ReadonlySet<string>;
  away?: string;
  /** Channels by case-folded name. */
  channels: Set<string>;
  /** Set for users on this host. */
  local?: Connection;
  /** The operator account name when +o. */
  operName?: string;
}

export interface Membership {
  user: User;
  /** Channel prefix modes held: 'o' and/or 'v'. */
  modes: Set<string>;
  joinedAt: number;
}

export interface ListEntry {
  mask: string;
  setBy: string;
  setAt: number;
}

export interface Channel {
  /** The name as first created (case kept). */
  name: string;
  /** Creation timestamp (ms): decides modes/topic on netjoin. */
  createdAt: number;
  /** Flag modes without argument: i m n t s p. */
  modes: Set<string>;
  key?: string;
  limit?: number;
  topic?: { text: string; setBy: string; setAt: number };
  /** List modes: 'b' bans, 'e' exceptions, 'I' invite exceptions. */
  lists: { b: ListEntry[]; e: ListEntry[]; I: ListEntry[] };
  /** Members by uid. */
  members: Map<string, Membership>;
  /** uids invited (cleared when they join). */
  invited: Set<string>;
  /**
   * Members per server ID, kept by ChatState.addMember/removeMember: which servers a channel
   * message must reach (portal `targets`) without walking the members.
   */
  serverCounts: Map<number, number>;
}

export interface WhowasEntry {
  nick: string;
  username: string;
  hostname: string;
  realname: string;
  serverName: string;
  quitAt: number;
}
