/**
 * State changes that travel between hosts (through the portals), and the control messages
 * between a host's portal and its state service. See ARCHITECTURE.md "Network state and its rules".
 *
 * Flow on one host:
 *   state ──portalOut: NetOutBatch (NetEvent + targets, unstamped)──▶ portal ──gRPC──▶ peers
 *   state ◀──portalIn: NetInBatch (stamped NetEvents, ServerTable, Split)── portal ◀──gRPC── peers
 *   portal ──stateBurst request──▶ state: replies with the full view as NetEvents (chunked)
 *
 * The origin host's portal stamps every event (origin server ID, origin epoch, per-origin seq);
 * portals drop an event they have seen (dedupe by origin+epoch+seq), which makes cycles and
 * re-bursts safe. State applies events idempotently: a `user` for a known uid updates it, a
 * `join` of a member is a no-op, and so on.
 */

/** One line of a draft/multiline message; `concat`: joined to the previous line without a line break. */
export interface NetMultilineLine {
  text: string;
  concat?: boolean;
}

/**
 * One line of a channel's history as every server stores it (state's HistoryEntry): the origin's
 * msgid and time, and the line as members saw it live. Carried by the `history` burst event.
 */
export interface NetHistoryEntry {
  /** The channel's case-folded name. */
  key: string;
  msgid: string;
  time: number;
  command: 'PRIVMSG' | 'NOTICE' | 'TAGMSG' | 'JOIN' | 'PART' | 'QUIT' | 'KICK' | 'NICK' | 'TOPIC' | 'MODE';
  prefix: string;
  params: string[];
  clientTags?: Record<string, string>;
  /** The uid of who spoke or acted. */
  from: string;
  /** An auditorium (+x) line only that member (with the hosts and owners) may read. */
  restrictedTo?: string;
  /** A draft/multiline message: all of its lines (`params[1]` is the first). */
  multiline?: NetMultilineLine[];
}

/** A channel mode change as carried between servers (prefix modes carry a uid in `arg`). */
export interface NetModeChange {
  add: boolean;
  mode: string;
  arg?: string;
}

export interface NetUser {
  uid: string;
  nick: string;
  /** When the nick was taken (ms): older wins a nick collision; ties go to the lower server ID. */
  nickTs: number;
  username: string;
  /** The host others see: a cloak when the user's server cloaks (issue 12). */
  hostname: string;
  /** With a cloak: the real host and IP, which operators see (WHOIS 378) and bans match. */
  realHost?: string;
  ip?: string;
  realname: string;
  serverId: number;
  signonAt: number;
  /** User modes, e.g. 'iow'. */
  modes: string;
  away?: string;
  operName?: string;
  /** The account the user authenticated as (IRCX AUTH PLAIN); absent when anonymous. */
  account?: string;
  /** ACCESS entries on the user's own nick (IRCX: they block messages and invites). */
  access?: NetAccessEntry[];
  /** Connected over TLS (WHOIS 671, secure-only channels); absent = plain. */
  tls?: boolean;
  /** The client certificate's SHA-256 fingerprint, lower-case hex (WHOIS 276). */
  certfp?: string;
  /** draft/metadata-2 keys and values the user set (avatar, display-name…); absent when none. */
  metadata?: Record<string, string>;
}

/** IRCX ACCESS levels, in the order they are evaluated. */
export type AccessLevel = 'OWNER' | 'HOST' | 'VOICE' | 'GRANT' | 'DENY';

/** One IRCX ACCESS entry as carried between servers. */
export interface NetAccessEntry {
  level: AccessLevel;
  /** Normalised `nick!user@host$server` glob. */
  mask: string;
  /** When the entry lapses (ms since the epoch); 0 = permanent. */
  expiresAt: number;
  /** `nick!user@host` of who added it, or a server name. */
  setBy: string;
  setAt: number;
  reason: string;
  /** Added by a channel owner (or a sysop): hosts may not delete it. */
  byOwner: boolean;
}

/**
 * A server ban (issue 12): a GLINE as it travels, and the shape every server keeps for its K-, D-
 * and G-lines. A removal travels too, as a tombstone (`removed`, `setAt` the removal time), so a
 * server that missed it cannot bring the ban back in a burst: of two versions of one mask the one
 * changed last (`setAt`) wins, and at equal times the removal (TS6 `BAN` lifetimes work alike).
 */
export interface NetServerBan {
  /** `user@host` glob (K, G; the host may be an IP or CIDR), or an IP or CIDR (D). */
  mask: string;
  /** `nick!user@host` of the operator, or a server name. */
  setBy: string;
  /** When it was set, or removed for a tombstone (ms since the epoch). */
  setAt: number;
  /** When it lapses (ms since the epoch, an absolute time so every server agrees); 0 = permanent. */
  expiresAt: number;
  reason: string;
  removed?: boolean;
}

/**
 * An account made with REGISTER (IRCv3 draft/account-registration), as every server keeps it: the
 * store is network-wide, so any server logs the account in. Two registrations of one name (made
 * on both sides of a split) settle on the older (`registeredAt`; at equal times the lower
 * `serverId`), whatever order they arrive in.
 */
export interface NetAccount {
  name: string;
  /** `scram-sha-256$<iterations>$<salt>$<StoredKey>$<ServerKey>`: never the password. */
  credentials: string;
  /** When it was registered (ms since the epoch). */
  registeredAt: number;
  /** The server it was registered on. */
  serverId: number;
}

export interface NetListEntry {
  mask: string;
  setBy: string;
  setAt: number;
}

/** A whole channel (burst, netjoin): decided by `createdAt` (older wins modes and topic). */
export interface NetChannel {
  name: string;
  createdAt: number;
  /** Flag modes, e.g. 'nt'. */
  modes: string;
  key?: string;
  limit?: number;
  topic?: { text: string; setBy: string; setAt: number };
  lists: { b: NetListEntry[]; e: NetListEntry[]; I: NetListEntry[] };
  /** Members as [uid, prefix modes e.g. 'q', 'o', 'ov', '']. */
  members: [string, string][];
  /** IRCX properties other than TOPIC and MEMBERKEY (those are `topic` and `key`), by upper-case name. */
  props?: Record<string, string>;
  /** IRCX channel ACCESS entries. */
  access?: NetAccessEntry[];
  /** A registered (persistent) channel: it stays when empty. */
  registered?: boolean;
  /** Set on a clone (IRCX mode +e): the parent channel's name. */
  cloneOf?: string;
  /** draft/metadata-2 keys and values of the channel; absent when none. */
  metadata?: Record<string, string>;
}

export type NetEvent =
  | { type: 'user'; user: NetUser }
  /**
   * `msgid` and `time` on the events below (issue 13): the origin's stamp of the line the event
   * shows, so every server shows and stores it (history) with the same msgid and time. Absent
   * from older peers; the receiver then makes its own and does not store the line.
   */
  | { type: 'nick'; uid: string; nick: string; nickTs: number; msgid?: string; time?: number }
  | { type: 'quit'; uid: string; reason: string; msgid?: string; time?: number }
  /** An operator's KILL: the user's own server disconnects it; everyone sees it QUIT. */
  | { type: 'kill'; uid: string; by: string; reason: string }
  | { type: 'umode'; uid: string; modes: string; operName?: string }
  | { type: 'away'; uid: string; message?: string }
  // ── IRCv3 presence (issue 13): the user's own server decides, the others show it ──
  /** SETNAME: the user's new realname. */
  | { type: 'setname'; uid: string; realname: string }
  /** The user logged in to `account`, or out (no `account`): account-notify, account-tag. */
  | { type: 'account'; uid: string; account?: string }
  /** The user's username or visible host changed (chghost: a sysop's CHGHOST). */
  | { type: 'chghost'; uid: string; username: string; hostname: string; realHost?: string; ip?: string }
  | { type: 'channel'; channel: NetChannel }
  | { type: 'join'; channel: string; channelTs: number; uid: string; modes: string; msgid?: string; time?: number }
  | { type: 'part'; channel: string; uid: string; reason?: string; msgid?: string; time?: number }
  | { type: 'kick'; channel: string; uid: string; by: string; reason: string; msgid?: string; time?: number }
  /** `by` is a uid or a server name. Dropped when `channelTs` is newer than the receiver's channel. */
  | {
      type: 'cmode';
      channel: string;
      channelTs: number;
      by: string;
      changes: NetModeChange[];
      msgid?: string;
      time?: number;
    }
  | { type: 'topic'; channel: string; text: string; setBy: string; setAt: number; by: string; msgid?: string }
  | { type: 'invite'; channel: string; uid: string; by: string }
  /**
   * draft/channel-rename: `channel` (its old name) becomes `newName`. Dropped when `channelTs` is
   * newer than the receiver's channel, or when the receiver has another channel by the new name.
   */
  /**
   * draft/metadata-2: `key` of a user (`target` is a uid) or a channel (`target` is its name, with
   * `channelTs`) is set to `value`, or removed without one. `by` is a uid or a server name.
   */
  | { type: 'metadata'; target: string; channelTs?: number; key: string; value?: string; by: string }
  | { type: 'rename'; channel: string; channelTs: number; newName: string; by: string; reason: string }
  /** `to` is a channel name (optionally with a STATUSMSG prefix, e.g. '@#c') or a uid. */
  | {
      type: 'message';
      command: 'PRIVMSG' | 'NOTICE' | 'TAGMSG';
      from: string;
      to: string;
      text: string;
      time: number;
      msgid?: string;
      clientTags?: Record<string, string>;
      /**
       * A draft/multiline batch (issue 13): its lines, `text` being the first of them, so a peer
       * that predates the field still shows the start of the message.
       */
      multiline?: NetMultilineLine[];
    }
  /**
   * A message removed (draft/message-redaction): `target` is a channel name or the uid of the
   * other party of a private message; `from` the uid of who redacted. Every server drops it from
   * its history; members with the capability see REDACT.
   */
  | { type: 'redact'; from: string; target: string; msgid: string; reason?: string; time: number }
  /** `msgid` (added with issue 3's hardening) lets a receiver drop a replayed WALLOPS like a replayed message. */
  | { type: 'wallops'; from: string; text: string; msgid?: string }
  // ── IRCX (issue 4) ──
  /**
   * ACCESS changes. `object` is a channel name, `*` (the whole network) or a uid (a user's own
   * nick). `$` (one server) never travels. `channelTs` is set for channels, as for `cmode`.
   */
  | { type: 'access-add'; object: string; channelTs?: number; entry: NetAccessEntry }
  | { type: 'access-del'; object: string; channelTs?: number; level: AccessLevel; mask: string }
  /** Clears every entry of `level`, or all of them without it. */
  | { type: 'access-clear'; object: string; channelTs?: number; level?: AccessLevel }
  /** A PROP set (`value`) or deleted (no `value`). TOPIC travels as `topic`, MEMBERKEY as `cmode` k. */
  | { type: 'prop'; channel: string; channelTs: number; name: string; value?: string; by: string; setAt: number }
  /** WHISPER: `from` and `to` are uids; every one of them is a member of `channel`. */
  | { type: 'whisper'; channel: string; from: string; to: string[]; text: string; time: number; msgid: string }
  /** DATA/REQUEST/REPLY to a channel (optionally only `nicks`, uids) or a uid. */
  | {
      type: 'data';
      command: 'DATA' | 'REQUEST' | 'REPLY';
      from: string;
      to: string;
      nicks?: string[];
      tag: string;
      text: string;
      time: number;
      msgid: string;
    }
  /** A join refused on a +u channel: its owners and hosts get KNOCK (`reason` is the numeric). */
  /** `msgid`: the KNOCK line's, the same on every server (absent from older peers). */
  | { type: 'knock'; channel: string; uid: string; reason: string; msgid?: string }
  /** A sysop's KILL of a channel: every member is removed; a registered channel stays, empty. */
  | { type: 'chkill'; channel: string; by: string; reason: string }
  /** A clone was made (after its `channel` event): the parent's owners and hosts get CLONE. */
  /** `msgid`: the CLONE line's, the same on every server (absent from older peers). */
  | { type: 'clone'; parent: string; channel: string; msgid?: string }
  // ── Operator tools (issue 12) ──
  /** A GLINE set or (with `removed`) lifted; also every known one in a burst. Applied by `setAt`. */
  | { type: 'gline'; ban: NetServerBan }
  // ── Accounts (issue 13) ──
  /** An account registered (REGISTER); also every known one in a burst. See NetAccount. */
  | { type: 'account-register'; account: NetAccount }
  /**
   * An account's read marker of `target` (IRCv3 draft/read-marker), case-folded: only ever moves
   * forward (the later `time` wins); also every known one in a burst.
   */
  | { type: 'read-marker'; account: string; target: string; time: number }
  /**
   * Burst only (issue 13, history after a netsplit): recent channel history of the sender's side,
   * and `redacted` (channel key, msgid) pairs it removed, so both sides of a netjoin end with the
   * same entries in the same order. A receiver adds what it lacks (deduplicated by msgid, sorted by
   * time then msgid) and drops the redacted ones; nothing is shown to clients.
   */
  | { type: 'history'; entries: NetHistoryEntry[]; redacted?: [string, string][] }
  /**
   * Not a change for the network: an operator's SQUIT or CONNECT for this host's own portal
   * (`portal` is the portal's name in the config). State sends it on the portal stream, so it is
   * journaled and delivered once, with `targets: []`: the portal takes it for itself and routes it
   * nowhere. A peer never sends one; state ignores one that arrives.
   */
  | { type: 'link-control'; action: 'squit' | 'connect'; portal: string; by: string; reason: string }
  /**
   * Brackets a burst (the portal sends `begin` before its first event and `end` after its last):
   * the burst is the whole truth about the users of `servers`. A receiver that still holds users
   * of those servers (a split that was pending, issue 11) removes, at `end`, the users and
   * memberships the burst did not restate: they went away while the link was down.
   */
  | { type: 'burst'; phase: 'begin' | 'end'; servers: number[] };

/** What a portal stamps on an event from its own state before sending it to the network. */
export interface NetStamp {
  /** The server ID where the event happened. */
  origin: number;
  /** The origin portal's start time (ms): sequence numbers restart with a new epoch. */
  epoch: number;
  /** Per-origin, per-epoch sequence number starting at 1. */
  seq: number;
}

export type StampedNetEvent = NetEvent & { stamp: NetStamp };

/**
 * An event state hands to its portal. `targets` limits delivery to the servers that need it
 * (a channel message: servers with members; a private message: the target's server); absent
 * means every server.
 */
export interface NetOutItem {
  event: NetEvent;
  targets?: number[];
}

/** One server of the network as the portals know it (the local portal builds the table). */
export interface NetServer {
  serverId: number;
  name: string;
  description: string;
  /** Links from this host (0 for itself). */
  hops: number;
  /** The name of the server this one is linked behind (itself for the local server). */
  uplink: string;
}

/** Portal → state: the network changed shape. Users of servers no longer listed are split off. */
export interface ServerTable {
  type: 'servers';
  servers: NetServer[];
  /**
   * When servers left, the QUIT reason their users get: `<near server> <far server>` of the link
   * that broke (the classic netsplit reason).
   */
  splitReason?: string;
  /**
   * Servers the portal no longer reaches but holds as "split pending" for its grace period: state
   * keeps them and their users as they are (no QUIT), and a later table without them splits them.
   */
  pending?: number[];
  /**
   * Sent by a portal that has just started (a restart): it does not know yet which servers state
   * holds, so state keeps every server the table leaves out, as if pending, until a table without it.
   */
  holdUnlisted?: boolean;
  /**
   * The portal's links and their figures, for STATS l (added by the portal engineer, issue 3).
   * The portal also re-sends an unchanged server list every few seconds to refresh these
   * figures, so applying a table whose servers did not change must be a no-op.
   */
  links?: PortalLinkSummary[];
}

/** One portal link as STATS l shows it (`211 <linkname> <sendq> <sent msgs> <sent kB> <recv msgs> <recv kB> <time open>`). */
export interface PortalLinkSummary {
  /** The portal's name from the config, e.g. 'Portal_to_Chatsrv3'. */
  name: string;
  /** The peer's server ID and name. */
  serverId: number;
  serverName: string;
  /** Bytes of events queued in the portal for this link and not yet written (JSON size). */
  sendQ: number;
  /** Events sent and their bytes (event JSON). */
  sentEvents: number;
  sentBytes: number;
  receivedEvents: number;
  receivedBytes: number;
  /** When the link came up (ms since the epoch). */
  openSince: number;
}

export type NetInItem = { type: 'event'; event: StampedNetEvent } | ServerTable;

/** Items for one portal instance, numbered (sequencing.ts), as DeliveryBatch is for a gateway. */
export interface NetOutBatch {
  v: 1;
  /** The portal instance the numbering belongs to; another instance ignores the batch. */
  pi: string;
  first: number;
  /** The last item of this portal instance that state has taken for good (journaled). */
  ack: number;
  items: NetOutItem[];
}

/**
 * Items of one portal instance, numbered as GatewayBatch events are; a batch without items is the
 * portal's heartbeat.
 */
export interface NetInBatch {
  v: 1;
  pi: string;
  seq: number;
  /** The last NetOutBatch item this portal took. */
  ack: number;
  /** Send every item after `ack` again. */
  resend?: boolean;
  items: NetInItem[];
}

/** Portal → state request (subject stateBurst): send your full view to `replyTo`, in chunks. */
export interface BurstRequest {
  v: 1;
  /** A subject the portal listens on for the chunks. */
  replyTo: string;
  /** Leave out users of these servers (the peer already knows its own side). */
  excludeServers: number[];
}

/** One chunk of a burst: `servers` first, then users, then channels; `last` ends it. */
export interface BurstChunk {
  v: 1;
  events: NetEvent[];
  last: boolean;
}
