import type { ConnId, NetAccessEntry, NetMultilineLine, NetServerBan } from '@portalchat/protocol';

/** A batch a client has open (Connection.multiline, handlers/multiline.ts): data, so a snapshot keeps it. */
export interface OpenMultiline {
  ref: string;
  target: string;
  verb?: 'PRIVMSG' | 'NOTICE';
  lines: NetMultilineLine[];
  bytes: number;
  clientTags?: Record<string, string>;
  /** The label of the opening line, for the reply at the end. */
  label?: string;
  /** Refused already (a FAIL went out): its remaining lines are ignored. */
  failed?: boolean;
}

/** A local client connection, registered or not. Owned by the state of this host. */
export interface Connection {
  /** `${gatewayId}:${conn}`: unique on this host. */
  key: string;
  gateway: string;
  conn: ConnId;
  ip: string;
  /** The real host name (the IP for now; no reverse DNS): the user and operators see it. */
  hostname: string;
  /** What other users see instead, with cloaking on (engine/cloak.ts); absent with it off. */
  cloakedHost?: string;
  port: number;
  localPort: number;
  tls: boolean;
  /** SHA-256 fingerprint (lower-case hex) of the client certificate presented over TLS, if any. */
  certfp?: string;
  connectedAt: number;
  /** Capabilities the client has enabled (lower-case names). */
  caps: Set<string>;
  /** Set by `CAP LS`/`CAP REQ` before registration: registration waits for `CAP END`. */
  capNegotiating: boolean;
  /** The CAP version the client announced (`CAP LS 302` → 302); 0 if none. */
  capVersion: number;
  password?: string;
  /** draft/metadata-2 keys this connection subscribed to (METADATA SUB), in subscription order. */
  metadataSubs?: Set<string>;
  /** PASS matched the server password (config `server.passwordHash`): registration may complete. */
  serverPasswordAccepted?: boolean;
  /** NICK/USER given before registration completes. */
  pendingNick?: string;
  pendingUser?: { username: string; realname: string };
  /** Set once registered; the user this connection carries. */
  user?: User;
  /** Last time the client sent a line (for WHOIS idle: only PRIVMSG/NOTICE count). */
  lastActiveAt: number;
  /**
   * The session speaks IRCX (after `IRCX`; there is no way back, as on Exchange). Decides
   * who gets IRCX-only output: 8xx/9xx numerics, WHISPER/KNOCK/CLONE/DATA lines, the `.` prefix.
   */
  ircx: boolean;
  /** An AUTH exchange in progress (mechanism and its private state), if any. */
  authInProgress?: { mechanism: string; step: number; data?: unknown };
  /** Failed password attempts of this connection (OPER, AUTH, SASL), for the back-off. */
  authFailures?: { failures: number; lastAt: number };
  /**
   * The password check this connection waits for (engine/auth/guard.ts): while set, its lines
   * are held in `heldLines`, in order, and run once the verdict is in.
   */
  passwordCheck?: number;
  heldLines?: string[];
  /** The account AUTH (or PASS against an account) proved, kept for the user at registration. */
  account?: string;
  /** The sysop level that account carries, applied at registration (user modes o / a). */
  accountLevel?: 'user' | 'sysop' | 'admin';
  /** IRCX EVENT subscriptions of a sysop: event type (CHANNEL, MEMBER, …) → masks. */
  events?: Map<string, Set<string>>;
  /** The message spacing (channel LAG, ms) last sent to the gateway; absent: 0 (engine/member-lag.ts). */
  lagMs?: number;
  /** Batches opened to this connection so far: makes their references (engine/batch-ref.ts). */
  batchCounter?: number;
  /** A labeled command's reply waiting, with the command, for a password check (Outbox.suspendResponse). */
  pendingResponse?: { label: string; lines: string[] };
  /** A draft/multiline batch the client has open (handlers/multiline.ts). */
  multiline?: OpenMultiline;
  /** MONITOR list: case-folded nick → the nick as the client gave it (change via ChatState.addMonitor…). */
  monitoring?: Map<string, string>;
  /** Read markers of a session logged in to no account (case-folded target → marker): its own only. */
  readMarkers?: Map<string, ReadMarker>;
}

export interface User {
  /** Network-unique ID: server ID + counter (see ids.ts). Nicks are a view on top. */
  uid: string;
  nick: string;
  /** When the nick was taken: decides nick collisions (older wins). */
  nickTs: number;
  username: string;
  /** The host others see: the cloak when cloaking is on (engine/cloak.ts), else the real host. */
  hostname: string;
  /** The real host and IP when `hostname` is a cloak: for the user and operators (WHOIS 378) and for bans. */
  realHost?: string;
  ip?: string;
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
  /** The account the user authenticated as (AUTH); undefined when anonymous (IRCX +a channels). */
  account?: string;
  /** IRCX ACCESS entries on the user's own nick (block messages and invites from matches). */
  access: AccessEntry[];
  /** Connected over TLS (WHOIS 671, +S channels); travels with the user (NetUser.tls). */
  tls?: boolean;
  /** The client certificate's SHA-256 fingerprint (WHOIS 276, to the user and sysops). */
  certfp?: string;
  /** draft/metadata-2 keys and values (avatar, display-name…), in the order set; absent when none. */
  metadata?: Map<string, string>;
}

export type { AccessLevel } from '@portalchat/protocol';

/**
 * One IRCX ACCESS entry (channels, `$`, `*` and nicks): the same shape as it travels between
 * servers, so entries are copied, never converted.
 */
export type AccessEntry = NetAccessEntry;

/** K: user@host on this server; D: IP/CIDR on this server; G: user@host on the whole network. */
export type ServerBanKind = 'K' | 'D' | 'G';

/** A K-, D- or G-line: the same shape as a GLINE travels, so entries are copied, never converted. */
export type ServerBan = NetServerBan;

export interface Membership {
  user: User;
  /** Channel prefix modes held: 'q' (IRCX owner), 'o' (host), 'v' (voice). */
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
  /** Flag modes without argument: RFC i m n t s p and IRCX a d f h r u w x z (see CHANNEL_MODE_SPEC). */
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
  /**
   * IRCX properties by upper-case name (LANGUAGE, OWNERKEY, HOSTKEY, PICS, SUBJECT, CLIENT,
   * ONJOIN, ONPART, LAG, ACCOUNT, …). TOPIC lives in `topic`, MEMBERKEY in `key`; OID, NAME and
   * CREATION are derived, never stored.
   */
  props: Map<string, string>;
  /** IRCX channel ACCESS entries, in the order they were added. */
  access: AccessEntry[];
  /** A registered (persistent) channel: it stays when empty and survives restarts. */
  registered: boolean;
  /**
   * Registered on this server (its host file, or a MODE +r given here): only then does this
   * server keep it in its store. The others hold it from the burst while its server is up, so a
   * server that was down while the channel was unregistered cannot bring it back from a stale copy.
   */
  registeredHere?: boolean;
  /** Set on a clone of a +d channel (IRCX mode e): the parent's name. */
  cloneOf?: string;
  /** draft/metadata-2 keys and values of the channel; absent when none. */
  metadata?: Map<string, string>;
}

export interface WhowasEntry {
  nick: string;
  username: string;
  hostname: string;
  realname: string;
  serverName: string;
  quitAt: number;
}

/** A read marker (draft/read-marker): the target as the client spelt it, and the time (ms). */
export interface ReadMarker {
  target: string;
  time: number;
}
