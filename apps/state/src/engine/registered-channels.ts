import type { ConfiguredChannel, HostConfig } from '@portalchat/config';
import { ircLower, type AccessLevel, type NetChannel } from '@portalchat/protocol';
import type { ChatState } from '../model/chat-state';
import type { AccessEntry, Channel, ListEntry } from '../model/types';
import { normalizeAccessMask } from './access';
import { isStoredProp } from './prop-rules';

/**
 * Registered (persistent) channels: the ones of the host file (`config.channels`), the ones a
 * sysop registers with `MODE #c +r`, and what survives a restart. The engine stays free of I/O:
 * this file turns channels into snapshots (plain JSON-able documents) and back, and tells the
 * adapter what to write; persistence/channel-store.ts does the writing.
 */

/** Bump when the stored shape changes incompatibly (the store skips unknown versions). */
export const REGISTERED_SNAPSHOT_VERSION = 1;

/**
 * One registered channel as stored: the channel as it travels (NetChannel) minus its members,
 * with its props and access always present. `modes` is sorted (`nrt`) and always holds r.
 */
export interface RegisteredSnapshot extends Omit<
  NetChannel,
  'members' | 'props' | 'access' | 'registered' | 'cloneOf'
> {
  v: typeof REGISTERED_SNAPSHOT_VERSION;
  /** IRCX properties other than TOPIC and MEMBERKEY, by upper-case name. */
  props: Record<string, string>;
  access: AccessEntry[];
  /**
   * The host-file entry this copy grew from (its JSON), for channels defined in `config.channels`:
   * when the file was edited since, the file wins at the next start (restoreRegisteredChannels).
   */
  configured?: string;
}

/**
 * Registers or unregisters a channel (MODE +r/-r, made here or from the network): the flag, the
 * mode letter and the store follow. An unregistered channel that is empty vanishes, as any empty
 * dynamic channel does when its last member leaves.
 */
export function setChannelRegistered(state: ChatState, channel: Channel, on: boolean): void {
  channel.registered = on;
  if (!on) channel.registeredHere = false;
  if (on) channel.modes.add('r');
  else channel.modes.delete('r');
  state.markRegistrationChanged(channel);
  if (!on) state.dropChannelIfAbandoned(channel);
}

/** The JSON of a host-file entry, to tell later whether the file was edited. */
function fingerprint(entry: ConfiguredChannel): string {
  return JSON.stringify(entry);
}

function accessEntry(level: AccessLevel, mask: string, reason: string, setBy: string, now: number): AccessEntry {
  return { level, mask: normalizeAccessMask(mask), expiresAt: 0, setBy, setAt: now, reason, byOwner: true };
}

/**
 * Makes a channel exactly as the host file defines it (replacing whatever it held): registered,
 * mode r plus its modes, topic set by the server, limit, MEMBERKEY as the key, OWNERKEY/HOSTKEY
 * and the other properties, permanent access entries set by the server with owner rights.
 * Property names that PROP does not know are left out.
 */
function applyConfigured(channel: Channel, entry: ConfiguredChannel, serverName: string, now: number): void {
  channel.registered = true;
  channel.registeredHere = true;
  channel.modes = new Set([...entry.modes, 'r']);
  channel.limit = entry.limit;
  channel.key = entry.memberKey ?? entry.props['MEMBERKEY'];
  const topic = entry.topic ?? entry.props['TOPIC'];
  channel.topic = topic ? { text: topic, setBy: serverName, setAt: now } : undefined;
  channel.props = new Map();
  for (const [name, value] of Object.entries(entry.props))
    if (isStoredProp(name) && value !== '') channel.props.set(name, value);
  if (entry.ownerKey) channel.props.set('OWNERKEY', entry.ownerKey);
  if (entry.hostKey) channel.props.set('HOSTKEY', entry.hostKey);
  channel.access = entry.access.map((a) => accessEntry(a.level, a.mask, a.reason, serverName, now));
}

/** Creates the host file's registered channels (at engine start, before anyone connects). */
export function createConfiguredChannels(state: ChatState, config: HostConfig, now: number): void {
  for (const entry of config.channels) {
    const { channel } = state.ensureChannel(entry.name, now);
    applyConfigured(channel, entry, config.server.name, now);
  }
}

const copyList = (list: readonly ListEntry[]) => list.map(({ mask, setBy, setAt }) => ({ mask, setBy, setAt }));

/** The stored form of a registered channel (members are not stored: they come back by joining). */
export function snapshotOfRegistered(channel: Channel, config: HostConfig): RegisteredSnapshot {
  const folded = ircLower(channel.name);
  const entry = config.channels.find((c) => ircLower(c.name) === folded);
  return {
    v: REGISTERED_SNAPSHOT_VERSION,
    name: channel.name,
    createdAt: channel.createdAt,
    modes: [...channel.modes].sort().join(''),
    ...(channel.key !== undefined ? { key: channel.key } : {}),
    ...(channel.limit !== undefined ? { limit: channel.limit } : {}),
    ...(channel.topic ? { topic: { ...channel.topic } } : {}),
    lists: { b: copyList(channel.lists.b), e: copyList(channel.lists.e), I: copyList(channel.lists.I) },
    props: Object.fromEntries([...channel.props].sort(([a], [b]) => (a < b ? -1 : 1))),
    access: channel.access.map((e) => ({ ...e })),
    ...(entry ? { configured: fingerprint(entry) } : {}),
  };
}

/**
 * Brings back stored registered channels (at start, after createConfiguredChannels). The stored
 * copy wins over the host file, since it holds what changed at run time (PROP, TOPIC, ACCESS,
 * MODE) — unless the host file's entry was edited since the copy was made: then the file wins,
 * keeping only the stored creation time (a channel's TS must not move forward on a restart).
 * Expired access entries are dropped.
 */
export function restoreRegisteredChannels(
  state: ChatState,
  config: HostConfig,
  snapshots: readonly RegisteredSnapshot[],
  now: number,
): void {
  for (const snap of snapshots) {
    const folded = ircLower(snap.name);
    const entry = config.channels.find((c) => ircLower(c.name) === folded);
    const { channel } = state.ensureChannel(snap.name, snap.createdAt);
    channel.createdAt = snap.createdAt;
    if (entry && snap.configured !== fingerprint(entry)) {
      applyConfigured(channel, entry, config.server.name, now);
      continue;
    }
    channel.name = snap.name;
    channel.registered = true;
    channel.registeredHere = true;
    channel.modes = new Set([...snap.modes, 'r']);
    channel.key = snap.key;
    channel.limit = snap.limit;
    channel.topic = snap.topic ? { ...snap.topic } : undefined;
    channel.lists = { b: copyList(snap.lists.b), e: copyList(snap.lists.e), I: copyList(snap.lists.I) };
    channel.props = new Map(Object.entries(snap.props));
    channel.access = snap.access.filter((e) => e.expiresAt === 0 || e.expiresAt > now).map((e) => ({ ...e }));
  }
}

/** Only the server a channel was registered on stores it (see Channel.registeredHere). */
function isStoredHere(channel: Channel): boolean {
  return channel.registered && channel.registeredHere === true;
}

function storedChannels(state: ChatState): Set<string> {
  const out = new Set<string>();
  for (const [folded, channel] of state.channels) if (isStoredHere(channel)) out.add(folded);
  return out;
}

/** What the adapter must do to the store after a batch. */
export interface RegisteredChanges {
  save: RegisteredSnapshot[];
  /** Case-folded names whose stored copy must go (unregistered, or the channel is gone). */
  remove: string[];
}

/**
 * Decides which registered channels to write, by comparing each one's snapshot with the last one
 * handed to the store. Comparing (rather than trusting `dirtyRegistered` alone) catches every
 * kind of change — TOPIC, MODE, ACCESS, a netjoin adopting an older TS — without each handler
 * having to remember to mark the channel; there are few registered channels, so it is cheap.
 * `dirtyRegistered` still matters for channels that stopped being registered.
 */
export class RegisteredChannelTracker {
  /** Case-folded name → the JSON last handed to the store for it. */
  private readonly handedOut = new Map<string, string>();
  /**
   * Case-folded names of the channels this server stores, found by walking every channel only
   * when a registration changed (dirtyRegistered) or on the first call: changes() runs after
   * every batch, and a walk of every channel there would grow with the channel count.
   */
  private storedHere: Set<string> | undefined;

  constructor(private readonly config: HostConfig) {}

  /**
   * Records what the store already holds (after restoreRegisteredChannels at start), so a stored
   * copy that still matches its channel is not written again.
   */
  noteStored(state: ChatState, snapshots: readonly RegisteredSnapshot[]): void {
    for (const snap of snapshots) {
      const channel = state.channel(snap.name);
      const now =
        channel && isStoredHere(channel) ? JSON.stringify(snapshotOfRegistered(channel, this.config)) : undefined;
      this.handedOut.set(ircLower(snap.name), now === JSON.stringify(snap) ? now : '');
    }
  }

  /** The writes and deletions since the last call; drains `state.dirtyRegistered`. */
  changes(state: ChatState): RegisteredChanges {
    const out: RegisteredChanges = { save: [], remove: [] };
    const registrationChanges = state.takeRegistrationChanges();
    if (this.storedHere === undefined || registrationChanges.length > 0) this.storedHere = storedChannels(state);
    for (const folded of registrationChanges) {
      const channel = state.channels.get(folded);
      if (channel) state.dropChannelIfAbandoned(channel);
    }
    const current = new Set<string>();
    for (const folded of this.storedHere) {
      const channel = state.channels.get(folded);
      if (!channel || !isStoredHere(channel)) continue;
      current.add(folded);
      const snap = snapshotOfRegistered(channel, this.config);
      const json = JSON.stringify(snap);
      if (this.handedOut.get(folded) === json) continue;
      this.handedOut.set(folded, json);
      out.save.push(snap);
    }
    for (const folded of [...this.handedOut.keys()]) {
      if (current.has(folded)) continue;
      this.handedOut.delete(folded);
      out.remove.push(folded);
    }
    return out;
  }

  /**
   * A write or deletion failed: forget what was handed out, so the next call hands it out again
   * (a retry on the next change, as the store has no timer of its own).
   */
  failed(folded: string, wasRemoval: boolean): void {
    if (wasRemoval) this.handedOut.set(folded, '');
    else this.handedOut.delete(folded);
  }
}
