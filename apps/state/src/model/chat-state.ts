import {
  ircLower,
  unicodeNickFromHex,
  type NetAccount,
  type NetServer,
  type NetUser,
  type PortalLinkSummary,
} from '@portalchat/protocol';
import type {
  AccessEntry,
  Channel,
  Connection,
  Membership,
  ServerBan,
  ReadMarker,
  ServerBanKind,
  User,
  WhowasEntry,
} from './types';
import { makeUid } from './ids';

/**
 * Watches channel and membership changes as they happen, whoever makes them (a command, a
 * network event): the IRCX EVENT feed (engine/event-feed.ts) is one. Called after the change.
 */
export interface ChatStateObserver {
  channelCreated(channel: Channel): void;
  /** The channel left the state (its last member went and it is not registered). */
  channelDestroyed(channel: Channel): void;
  memberAdded(channel: Channel, membership: Membership): void;
  memberRemoved(channel: Channel, user: User): void;
}

/**
 * Told when a nick comes online or goes offline anywhere on the network (a registration, a user of
 * another server arriving, a NICK, a QUIT, a split): MONITOR's notifier (engine/monitor.ts).
 * `offline` is called while the user still has the nick that went.
 */
export interface PresenceObserver {
  online(user: User): void;
  offline(user: User): void;
}

/** ChatState's fields as data (see ChatState.captureData); opaque outside recovery. */
export type ChatStateData = Readonly<Record<string, unknown>> & { readonly __chatStateData: never };

/** uids remembered as gone for good (see markDeparted): far more than quit during one burst. */
const DEPARTED_UIDS_KEPT = 16_384;

/**
 * A burst that runs (between its begin and end marks): the users of its servers this state held
 * when it began, with their channels (case-folded), each crossed off when the burst restates it.
 */
export interface BurstReconcile {
  servers: ReadonlySet<number>;
  /** uid → case-folded names of the channels the user was in and the burst has not restated. */
  unconfirmed: Map<string, Set<string>>;
  /** uids the burst restated. */
  confirmed: Set<string>;
}

/**
 * The host's view of the network: connections, users, nicks, channels, WHOWAS history.
 * Plain synchronous data; every change goes through these methods so the indexes, the counts and
 * the observer stay true: outside this class its maps are read-only.
 * Must only be used from the state service's single event loop (it is the single writer).
 */
export class ChatState {
  private readonly connectionMap = new Map<string, Connection>();
  private readonly userMap = new Map<string, User>();
  private readonly nickMap = new Map<string, User>();
  private readonly channelMap = new Map<string, Channel>();
  private readonly whowasMap = new Map<string, WhowasEntry[]>();
  private readonly connectionsByIpMap = new Map<string, number>();
  private readonly commandCountMap = new Map<string, number>();
  private readonly dirtyRegisteredSet = new Set<string>();
  /** MONITOR: case-folded nick → the local connections watching it (their lists: conn.monitoring). */
  private readonly monitorMap = new Map<string, Set<Connection>>();
  private serverMap: ReadonlyMap<number, NetServer>;
  private linkList: readonly PortalLinkSummary[] = [];

  /** Connection key (connectionKey) → connection. */
  get connections(): ReadonlyMap<string, Connection> {
    return this.connectionMap;
  }
  /** uid → user. */
  get users(): ReadonlyMap<string, User> {
    return this.userMap;
  }
  /** Case-folded nick → user. */
  get nicks(): ReadonlyMap<string, User> {
    return this.nickMap;
  }
  /** Case-folded channel name → channel. */
  get channels(): ReadonlyMap<string, Channel> {
    return this.channelMap;
  }
  /** Case-folded nick → entries, newest first. */
  get whowas(): ReadonlyMap<string, readonly WhowasEntry[]> {
    return this.whowasMap;
  }
  /** Connections per remote IP, kept so admission stays O(1) per connect. */
  get connectionsByIp(): ReadonlyMap<string, number> {
    return this.connectionsByIpMap;
  }

  private localUsers = 0;
  /**
   * Users with +i and with +o, kept as modes change (every change goes through setUserMode or
   * replaceUserModes) so LUSERS, which every registration sends, needs no scan of all users.
   */
  private readonly modeCounts = { i: 0, o: 0 };
  private uidCounter = 0;
  /** uids that quit or were killed, oldest first (markDeparted). */
  private readonly departedUids = new Set<string>();
  /**
   * Bursts being reconciled, by the server whose portal sends them (network/burst-reconcile.ts):
   * what this state held of the burst's servers and the burst has not restated yet.
   */
  readonly burstReconciles = new Map<number, BurstReconcile>();
  /**
   * The stamp of the last burst mark applied, by origin: a mark not newer (a replay, a copy that
   * came round a cycle) is ignored, so an old burst never removes what came after it.
   */
  readonly lastBurstMarks = new Map<number, { epoch: number; seq: number }>();
  /** Highest number of local users seen at once (LUSERS 265). */
  maxLocalUsers = 0;
  /** Highest number of users on the network seen at once (LUSERS 266). */
  maxGlobalUsers = 0;
  /**
   * The servers of the network by ID, as the portal last described them (ServerTable); just this
   * server until a portal links. Replaced by network/servers.ts (replaceServers), which also
   * splits users off.
   */
  get servers(): ReadonlyMap<number, NetServer> {
    return this.serverMap;
  }
  /** Per-link figures of this host's portal (STATS l), from the last ServerTable. */
  get links(): readonly PortalLinkSummary[] {
    return this.linkList;
  }
  /** When this state started (ms): 003 RPL_CREATED and STATS u uptime. Set by the engine. */
  startedAt = 0;
  /** Uses of each command verb since start (STATS m). */
  get commandCounts(): ReadonlyMap<string, number> {
    return this.commandCountMap;
  }
  /** IRCX `ACCESS $`: entries for this server only (never sent to the network). */
  readonly serverAccess: AccessEntry[] = [];
  /** IRCX `ACCESS *`: network-wide entries (travel as access events with object `*`). */
  readonly networkAccess: AccessEntry[] = [];
  /**
   * KLINE, DLINE (this server's) and GLINE (the network's, with removal tombstones: see
   * NetServerBan) entries, in the order they were set: engine/server-bans.ts.
   */
  readonly serverBans: Record<ServerBanKind, ServerBan[]> = { K: [], D: [], G: [] };
  /**
   * Servers an operator SQUIT here (case-folded name → portal name), so CONNECT finds the portal
   * by the server's name once it has left the server table.
   */
  readonly squitted = new Map<string, string>();
  /**
   * Accounts made with REGISTER, network-wide (engine/accounts/store.ts), by case-folded name.
   * Part of the snapshot and the burst, so a restart and a netjoin keep them.
   */
  readonly registeredAccounts = new Map<string, NetAccount>();
  /**
   * Read markers (draft/read-marker) of accounts: case-folded account → case-folded target →
   * the marker (engine/accounts/read-markers.ts). Network-wide like the accounts.
   */
  readonly readMarkers = new Map<string, Map<string, ReadMarker>>();
  /**
   * The random seed of this history's nonces and salts (engine/entropy.ts), from a journaled
   * input record, so a replay makes the same ones; and how many were made from it.
   */
  entropySeed: string | undefined;
  entropyCounter = 0;
  /**
   * Case-folded names of channels registered or unregistered since the adapter last saved (the
   * engine stays free of I/O: the adapter drains this (takeRegistrationChanges) and writes the
   * store; changes to a registered channel's content are found by comparing snapshots, see
   * RegisteredChannelTracker).
   */
  get dirtyRegistered(): ReadonlySet<string> {
    return this.dirtyRegisteredSet;
  }
  /** Told of channel and membership changes (the engine installs the EVENT feed). */
  observer: ChatStateObserver | undefined;
  /** Told of nicks coming and going (the engine installs MONITOR's notifier). */
  presence: PresenceObserver | undefined;

  constructor(
    readonly serverId: number,
    readonly serverName: string,
    private readonly whowasLimit: number,
    serverDescription = '',
    /** Where user ID counting starts (see uidCounterStart). */
    uidStart = 0,
  ) {
    this.uidCounter = uidStart;
    this.serverMap = new Map([
      [serverId, { serverId, name: serverName, description: serverDescription, hops: 0, uplink: serverName }],
    ]);
  }

  /** The name of a server of the network; a placeholder for one the portal has not described. */
  serverNameOf(serverId: number): string {
    return this.serverMap.get(serverId)?.name ?? `server-${serverId}`;
  }

  /**
   * Every field as plain data (Maps, Sets and the objects they share, safe for structured clone)
   * for a recovery snapshot; the observer is the engine's and is left out. `restoreData` puts such
   * data back into a ChatState built for the same server.
   */
  captureData(): ChatStateData {
    const fields: Partial<this> = { ...this };
    delete fields.observer;
    delete fields.presence;
    return fields as unknown as ChatStateData;
  }

  restoreData(data: ChatStateData): void {
    Object.assign(this, data);
  }

  static connectionKey(gateway: string, conn: number): string {
    return `${gateway}:${conn}`;
  }

  connection(gateway: string, conn: number): Connection | undefined {
    return this.connectionMap.get(ChatState.connectionKey(gateway, conn));
  }

  addConnection(conn: Connection): void {
    this.connectionMap.set(conn.key, conn);
    this.connectionsByIpMap.set(conn.ip, (this.connectionsByIpMap.get(conn.ip) ?? 0) + 1);
  }

  /**
   * The user with this nick; an IRCX Unicode nick (`'大`) also answers to its `^hex` name
   * (`^e5a4a7`), which is how clients that cannot write it address it (draft-04 §2.2).
   */
  userByNick(nick: string): User | undefined {
    const user = this.nickMap.get(ircLower(nick));
    if (user || nick[0] !== '^') return user;
    const unicode = unicodeNickFromHex(nick);
    return unicode === undefined ? undefined : this.nickMap.get(ircLower(unicode));
  }

  channel(name: string): Channel | undefined {
    return this.channelMap.get(ircLower(name));
  }

  /** Turns a connection that gave NICK and USER into a user on the network. */
  registerUser(conn: Connection, nick: string, username: string, realname: string, now: number): User {
    const user: User = {
      uid: makeUid(this.serverId, ++this.uidCounter),
      nick,
      nickTs: now,
      username,
      hostname: conn.cloakedHost ?? conn.hostname,
      ...(conn.cloakedHost !== undefined ? { realHost: conn.hostname, ip: conn.ip } : {}),
      realname,
      serverId: this.serverId,
      serverName: this.serverName,
      signonAt: now,
      modes: new Set(),
      channels: new Set(),
      local: conn,
      access: [],
      ...(conn.account !== undefined ? { account: conn.account } : {}),
      ...(conn.tls ? { tls: true } : {}),
      ...(conn.certfp !== undefined ? { certfp: conn.certfp } : {}),
    };
    conn.user = user;
    this.userMap.set(user.uid, user);
    this.nickMap.set(ircLower(nick), user);
    this.localUsers++;
    this.maxLocalUsers = Math.max(this.maxLocalUsers, this.localUsers);
    this.maxGlobalUsers = Math.max(this.maxGlobalUsers, this.userMap.size);
    this.presence?.online(user);
    return user;
  }

  /**
   * Adds a user of another server, as a network event describes it. The caller has settled any
   * nick collision: `nick` is free (it may differ from `net.nick` when the user lost one).
   */
  addRemoteUser(net: NetUser, nick: string): User {
    const user: User = {
      uid: net.uid,
      nick,
      nickTs: net.nickTs,
      username: net.username,
      hostname: net.hostname,
      ...(net.realHost !== undefined ? { realHost: net.realHost } : {}),
      ...(net.ip !== undefined ? { ip: net.ip } : {}),
      realname: net.realname,
      serverId: net.serverId,
      serverName: this.serverNameOf(net.serverId),
      signonAt: net.signonAt,
      modes: new Set(net.modes),
      channels: new Set(),
      ...(net.away !== undefined ? { away: net.away } : {}),
      ...(net.operName !== undefined ? { operName: net.operName } : {}),
      ...(net.account !== undefined ? { account: net.account } : {}),
      access: net.access ? net.access.map((e) => ({ ...e })) : [],
      ...(net.tls === true ? { tls: true } : {}),
      ...(net.certfp !== undefined ? { certfp: net.certfp } : {}),
      ...(net.metadata !== undefined ? { metadata: new Map(Object.entries(net.metadata)) } : {}),
    };
    this.userMap.set(user.uid, user);
    this.nickMap.set(ircLower(nick), user);
    this.countModes(user, 1);
    this.maxGlobalUsers = Math.max(this.maxGlobalUsers, this.userMap.size);
    this.presence?.online(user);
    return user;
  }

  /** Changes a user's nick; `nickTs` stays the old one when a collision loser becomes its uid. */
  renameUser(user: User, newNick: string, now: number, nickTs = now): void {
    // A change of case only is the same nick to MONITOR: no offline/online for it.
    const sameNick = ircLower(user.nick) === ircLower(newNick);
    if (!sameNick) this.presence?.offline(user);
    if (this.nickMap.get(ircLower(user.nick)) === user) this.nickMap.delete(ircLower(user.nick));
    this.recordWhowas(user, now);
    user.nick = newNick;
    user.nickTs = nickTs;
    this.nickMap.set(ircLower(newNick), user);
    if (!sameNick) this.presence?.online(user);
  }

  /** Creates the channel if needed; returns it and whether it was created. */
  ensureChannel(name: string, now: number): { channel: Channel; created: boolean } {
    const folded = ircLower(name);
    const existing = this.channelMap.get(folded);
    if (existing) return { channel: existing, created: false };
    const channel: Channel = {
      name,
      createdAt: now,
      modes: new Set(),
      lists: { b: [], e: [], I: [] },
      members: new Map(),
      invited: new Set(),
      serverCounts: new Map(),
      props: new Map(),
      access: [],
      registered: false,
    };
    this.channelMap.set(folded, channel);
    this.observer?.channelCreated(channel);
    return { channel, created: true };
  }

  /**
   * Gives a channel a new name (draft/channel-rename), keeping everything else: members, modes,
   * lists, topic, props. The caller checked that the new name is free.
   */
  renameChannel(channel: Channel, newName: string): void {
    const [from, to] = [ircLower(channel.name), ircLower(newName)];
    this.channelMap.delete(from);
    this.channelMap.set(to, channel);
    channel.name = newName;
    for (const uid of channel.members.keys()) {
      const channels = this.userMap.get(uid)?.channels;
      if (channels?.delete(from)) channels.add(to);
    }
    // A netjoin still checking memberships must find this one under its new name.
    for (const run of this.burstReconciles.values()) {
      for (const names of run.unconfirmed.values()) if (names.delete(from)) names.add(to);
    }
  }

  addMember(channel: Channel, user: User, modes: Iterable<string>, now: number): Membership {
    const membership: Membership = { user, modes: new Set(modes), joinedAt: now };
    const added = !channel.members.has(user.uid);
    if (added) {
      channel.serverCounts.set(user.serverId, (channel.serverCounts.get(user.serverId) ?? 0) + 1);
    }
    channel.members.set(user.uid, membership);
    channel.invited.delete(user.uid);
    user.channels.add(ircLower(channel.name));
    if (added) this.observer?.memberAdded(channel, membership);
    return membership;
  }

  /** Removes the user from the channel; an emptied channel vanishes unless it is registered. */
  removeMember(channel: Channel, user: User): void {
    if (channel.members.delete(user.uid)) {
      const left = (channel.serverCounts.get(user.serverId) ?? 1) - 1;
      if (left > 0) channel.serverCounts.set(user.serverId, left);
      else channel.serverCounts.delete(user.serverId);
      this.observer?.memberRemoved(channel, user);
    }
    user.channels.delete(ircLower(channel.name));
    this.dropChannelIfAbandoned(channel);
  }

  /**
   * The one way a channel leaves the state: when it has no members and is not registered (a
   * registered channel stays empty; one that stops being registered, a squatter emptied for a
   * clone, a burst's channel whose members are all unknown here all end here). The observer is
   * told, so the EVENT feed's CHANNEL DESTROY matches its CREATE.
   */
  dropChannelIfAbandoned(channel: Channel): void {
    const folded = ircLower(channel.name);
    if (channel.members.size === 0 && !channel.registered && this.channelMap.get(folded) === channel) {
      this.channelMap.delete(folded);
      this.observer?.channelDestroyed(channel);
    }
  }

  /** Remembers that a channel was registered or unregistered, for the store (dirtyRegistered). */
  markRegistrationChanged(channel: Channel): void {
    this.dirtyRegisteredSet.add(ircLower(channel.name));
  }

  /** The case-folded names in dirtyRegistered, which is emptied. */
  takeRegistrationChanges(): string[] {
    const names = [...this.dirtyRegisteredSet];
    this.dirtyRegisteredSet.clear();
    return names;
  }

  /** Counts one use of a command verb (STATS m). */
  countCommand(verb: string): void {
    this.commandCountMap.set(verb, (this.commandCountMap.get(verb) ?? 0) + 1);
  }

  /**
   * Lines with a verb this server does not run (421) since start: one number, not one per verb,
   * since a client chooses those freely (portalchat_commands_total{command="other"}).
   */
  unknownCommandCount = 0;

  /** Takes the servers (and link figures, when given) of a new ServerTable; see network/servers.ts. */
  replaceServers(servers: ReadonlyMap<number, NetServer>, links: readonly PortalLinkSummary[] | undefined): void {
    this.serverMap = servers;
    if (links) this.linkList = links;
  }

  /** Channels of a user, as objects. */
  channelsOf(user: User): Channel[] {
    const out: Channel[] = [];
    for (const folded of user.channels) {
      const channel = this.channelMap.get(folded);
      if (channel) out.push(channel);
    }
    return out;
  }

  /**
   * Every other user sharing at least one channel with `user`, each once; with `counts`, only
   * where it says the peer counts in that channel (the IRCX auditorium rule, see announce.ts).
   */
  peersOf(user: User, counts: (channel: Channel, peer: User) => boolean = () => true): Set<User> {
    const peers = new Set<User>();
    for (const channel of this.channelsOf(user)) {
      for (const m of channel.members.values()) if (m.user !== user && counts(channel, m.user)) peers.add(m.user);
    }
    return peers;
  }

  /**
   * Records that a uid left the network for good (QUIT, KILL; not a netsplit, whose users come
   * back with their uids). uids are never reused, and a burst may carry a snapshot older than a
   * `quit` already applied (it was generated before the quit and came by another path): such a
   * `user` must not bring the uid back. Bounded: the oldest are forgotten first.
   */
  markDeparted(uid: string): void {
    this.departedUids.delete(uid);
    this.departedUids.add(uid);
    // A Set iterates in insertion order: the first key is the oldest.
    if (this.departedUids.size > DEPARTED_UIDS_KEPT)
      this.departedUids.delete(this.departedUids.values().next().value as string);
  }

  hasDeparted(uid: string): boolean {
    return this.departedUids.has(uid);
  }

  /** Removes a user from every channel and the indexes; keeps a WHOWAS entry. */
  removeUser(user: User, now: number): void {
    for (const channel of this.channelsOf(user)) this.removeMember(channel, user);
    const known = this.userMap.delete(user.uid);
    if (known) this.countModes(user, -1);
    if (this.nickMap.get(ircLower(user.nick)) === user) this.nickMap.delete(ircLower(user.nick));
    this.recordWhowas(user, now);
    if (known) this.presence?.offline(user);
  }

  /** The local connections that MONITOR `nick` (any case). */
  monitorWatchers(nick: string): ReadonlySet<Connection> | undefined {
    return this.monitorMap.get(ircLower(nick));
  }

  /** Adds `nick` to a connection's MONITOR list; false when it was there already. */
  addMonitor(conn: Connection, nick: string): boolean {
    const folded = ircLower(nick);
    const list = (conn.monitoring ??= new Map());
    if (list.has(folded)) return false;
    list.set(folded, nick);
    let watchers = this.monitorMap.get(folded);
    if (!watchers) this.monitorMap.set(folded, (watchers = new Set()));
    watchers.add(conn);
    return true;
  }

  /** Takes `nick` off a connection's MONITOR list (a no-op when it is not there). */
  removeMonitor(conn: Connection, nick: string): void {
    const folded = ircLower(nick);
    if (!conn.monitoring?.delete(folded)) return;
    const watchers = this.monitorMap.get(folded);
    watchers?.delete(conn);
    if (watchers?.size === 0) this.monitorMap.delete(folded);
  }

  /** Empties a connection's MONITOR list (MONITOR C, the connection closing). */
  clearMonitors(conn: Connection): void {
    for (const folded of [...(conn.monitoring?.keys() ?? [])]) this.removeMonitor(conn, folded);
  }

  /** Sets or clears one user mode. */
  setUserMode(user: User, letter: string, on: boolean): void {
    if (user.modes.has(letter) === on) return;
    if (this.userMap.get(user.uid) === user) this.countModes(user, -1);
    const modes = user.modes as Set<string>;
    if (on) modes.add(letter);
    else modes.delete(letter);
    if (this.userMap.get(user.uid) === user) this.countModes(user, 1);
  }

  /** Replaces a user's modes wholesale (they travel whole between servers). */
  replaceUserModes(user: User, modes: Iterable<string>): void {
    if (this.userMap.get(user.uid) === user) this.countModes(user, -1);
    user.modes = new Set(modes);
    if (this.userMap.get(user.uid) === user) this.countModes(user, 1);
  }

  invisibleCount(): number {
    return this.modeCounts.i;
  }

  operatorCount(): number {
    return this.modeCounts.o;
  }

  /** Connections that have not registered yet (LUSERS 253). */
  unknownConnectionCount(): number {
    return this.connectionMap.size - this.localUsers;
  }

  private countModes(user: User, delta: 1 | -1): void {
    if (user.modes.has('i')) this.modeCounts.i += delta;
    if (user.modes.has('o')) this.modeCounts.o += delta;
  }

  removeConnection(conn: Connection): void {
    if (!this.connectionMap.delete(conn.key)) return;
    this.clearMonitors(conn);
    if (conn.user) this.localUsers--;
    const fromIp = (this.connectionsByIpMap.get(conn.ip) ?? 1) - 1;
    if (fromIp > 0) this.connectionsByIpMap.set(conn.ip, fromIp);
    else this.connectionsByIpMap.delete(conn.ip);
  }

  localUserCount(): number {
    return this.localUsers;
  }

  private recordWhowas(user: User, now: number): void {
    const folded = ircLower(user.nick);
    const list = this.whowasMap.get(folded) ?? [];
    list.unshift({
      nick: user.nick,
      username: user.username,
      hostname: user.hostname,
      realname: user.realname,
      serverName: user.serverName,
      quitAt: now,
    });
    if (list.length > this.whowasLimit) list.length = this.whowasLimit;
    this.whowasMap.set(folded, list);
    // Bound the whole history too: forget the oldest nicks first (Map keeps insertion order).
    while (this.whowasMap.size > this.whowasLimit * 10) {
      const oldest = this.whowasMap.keys().next().value as string;
      this.whowasMap.delete(oldest);
    }
  }
}
