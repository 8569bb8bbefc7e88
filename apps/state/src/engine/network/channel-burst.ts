import { CHANNEL_MODE_SPEC, ircLower, type ModeChange, type NetChannel, type NetListEntry } from '@portalchat/protocol';
import type { Channel, ListEntry, User } from '../../model/types';
import { announceJoin, announceToChannel } from '../announce';
import { OpenBatches } from '../batch';
import { groupByServer } from './servers';
import { remoteUser, type NetApplyContext } from './apply-context';
import { announceModes } from './mode-lines';
import { findAccessEntry } from '../access';

/**
 * A whole channel from a burst (netjoin), decided by channel TS (ARCHITECTURE.md):
 * - incoming OLDER: this side's modes, key, limit, topic, lists and every member's o/v are wiped
 *   and the incoming ones adopted, members merged;
 * - EQUAL: merged (union of flags and lists, own key/limit kept when set, the newer topic wins);
 * - incoming NEWER: this side's modes and topic stay; the incoming members join without o/v.
 * Local members then see what changed as a real server shows it: JOINs of the new members, the
 * server's MODE lines for the mode difference, and a TOPIC when the text changed.
 */
export function applyChannelBurst(ctx: NetApplyContext, net: NetChannel): void {
  const { channel, created } = ctx.state.ensureChannel(net.name, net.createdAt);
  const before = created ? undefined : modeView(channel);
  const topicBefore = channel.topic?.text;
  const incoming =
    created || net.createdAt < channel.createdAt ? 'older' : net.createdAt === channel.createdAt ? 'equal' : 'newer';
  if (incoming === 'older') adoptIncoming(channel, net);
  else if (incoming === 'equal') mergeIncoming(channel, net);
  mergeRegistration(channel, net);

  const joined: User[] = [];
  for (const [uid, prefixes] of net.members) {
    const user = remoteUser(ctx, uid);
    if (!user) continue;
    const granted = incoming === 'newer' ? '' : prefixes;
    const membership = channel.members.get(uid);
    if (membership) for (const mode of granted) membership.modes.add(mode);
    else {
      ctx.state.addMember(channel, user, granted, ctx.now);
      joined.push(user);
    }
  }
  if (channel.members.size === 0) {
    // Nobody known came with it (all its members were unknown here): a channel needs members,
    // unless it is registered (it exists empty; nobody here to tell either).
    ctx.state.dropChannelIfAbandoned(channel);
    return;
  }
  if (!before) return; // a channel new here has no local member to tell
  announceNetjoin(ctx, channel, joined);
  announceModes(ctx, channel, ctx.sourceServer, modeDiff(before, modeView(channel)));
  if (channel.topic && channel.topic.text !== topicBefore) {
    const { text, setBy } = channel.topic;
    announceToChannel(ctx, channel, { prefix: setBy, command: 'TOPIC', params: [channel.name, text] });
  }
}

/**
 * The JOINs of members a burst brought: batch clients get each server's as a `netjoin <near> <far>`
 * batch (https://ircv3.net/specs/extensions/batch/netjoin), the others plain JOINs.
 */
function announceNetjoin(ctx: NetApplyContext, channel: Channel, joined: readonly User[]): void {
  const self = ctx.config.server.name;
  for (const [serverId, users] of groupByServer(joined)) {
    const server = ctx.state.servers.get(serverId);
    const far = server?.name ?? users[0]?.serverName ?? '*';
    const near = server?.uplink && server.uplink !== far ? server.uplink : self;
    const batches = new OpenBatches(ctx.out, self, 'netjoin', [near, far]);
    for (const user of users) announceJoin(ctx, channel, user, undefined, batches);
    batches.closeAll();
  }
}

function copyEntries(list: readonly NetListEntry[]): ListEntry[] {
  return list.map(({ mask, setBy, setAt }) => ({ mask, setBy, setAt }));
}

function adoptIncoming(channel: Channel, net: NetChannel): void {
  channel.createdAt = net.createdAt;
  channel.modes = new Set(net.modes);
  channel.key = net.key;
  channel.limit = net.limit;
  channel.topic = net.topic ? { ...net.topic } : undefined;
  channel.lists = { b: copyEntries(net.lists.b), e: copyEntries(net.lists.e), I: copyEntries(net.lists.I) };
  // The older channel's IRCX properties win whole, like its modes and topic.
  channel.props = new Map(Object.entries(net.props ?? {}));
  // ACCESS and the clone's parent go with the older channel too.
  channel.access = (net.access ?? []).map((entry) => ({ ...entry }));
  channel.cloneOf = net.cloneOf;
  channel.metadata = net.metadata ? new Map(Object.entries(net.metadata)) : undefined;
  for (const m of channel.members.values()) m.modes.clear();
}

function mergeIncoming(channel: Channel, net: NetChannel): void {
  for (const mode of net.modes) channel.modes.add(mode);
  channel.key ??= net.key;
  channel.limit ??= net.limit;
  if (net.topic && (!channel.topic || net.topic.setAt > channel.topic.setAt)) channel.topic = { ...net.topic };
  for (const mode of ['b', 'e', 'I'] as const) {
    const list = channel.lists[mode];
    const have = new Set(list.map((entry) => ircLower(entry.mask)));
    for (const entry of net.lists[mode]) if (!have.has(ircLower(entry.mask))) list.push({ ...entry });
  }
  // Same TS: the union of the properties, this side's value kept where both have one.
  for (const [name, value] of Object.entries(net.props ?? {}))
    if (!channel.props.has(name)) channel.props.set(name, value);
  // ACCESS: the union, an entry being its level and mask (this side's kept where both have one).
  for (const entry of net.access ?? []) {
    if (findAccessEntry(channel.access, entry.level, entry.mask) === -1) channel.access.push({ ...entry });
  }
  channel.cloneOf ??= net.cloneOf;
  // Same TS: the union of the metadata, this side's value kept where both have one.
  for (const [key, value] of Object.entries(net.metadata ?? {})) {
    if (!channel.metadata?.has(key)) (channel.metadata ??= new Map()).set(key, value);
  }
}

/**
 * Registration is sticky across a netjoin, whatever the TS: a host-file channel must not stop
 * being registered because an older dynamic channel of the same name met it, and a registered
 * one arriving makes it registered here (unregistering travels as MODE -r). Mode r follows.
 */
function mergeRegistration(channel: Channel, net: NetChannel): void {
  if (net.registered) channel.registered = true;
  if (channel.registered) channel.modes.add('r');
}

/** The modes of a channel as comparable sets, to show a netjoin's effect as MODE changes. */
interface ModeView {
  flags: Set<string>;
  key?: string;
  limit?: number;
  /** `b:mask`-style keys (case-folded) → the mask as shown. */
  lists: Map<string, { mode: string; mask: string }>;
  /** `o:uid` keys → the member's nick. */
  prefixes: Map<string, { mode: string; nick: string }>;
}

function modeView(channel: Channel): ModeView {
  const lists = new Map<string, { mode: string; mask: string }>();
  for (const mode of ['b', 'e', 'I'] as const) {
    for (const { mask } of channel.lists[mode]) lists.set(`${mode}:${ircLower(mask)}`, { mode, mask });
  }
  const prefixes = new Map<string, { mode: string; nick: string }>();
  for (const m of channel.members.values()) {
    for (const mode of m.modes) prefixes.set(`${mode}:${m.user.uid}`, { mode, nick: m.user.nick });
  }
  return { flags: new Set(channel.modes), key: channel.key, limit: channel.limit, lists, prefixes };
}

/** Removals first, then additions, in a stable order (flags as ISUPPORT lists them). */
function modeDiff(before: ModeView, after: ModeView): ModeChange[] {
  const removed: ModeChange[] = [];
  const added: ModeChange[] = [];
  for (const flag of CHANNEL_MODE_SPEC.flags) {
    if (before.flags.has(flag) && !after.flags.has(flag)) removed.push({ add: false, mode: flag });
    if (!before.flags.has(flag) && after.flags.has(flag)) added.push({ add: true, mode: flag });
  }
  if (before.key !== after.key) {
    if (before.key !== undefined) removed.push({ add: false, mode: 'k', arg: '*' });
    if (after.key !== undefined) added.push({ add: true, mode: 'k', arg: after.key });
  }
  if (before.limit !== after.limit) {
    if (after.limit === undefined) removed.push({ add: false, mode: 'l' });
    else added.push({ add: true, mode: 'l', arg: String(after.limit) });
  }
  for (const [key, { mode, mask }] of before.lists)
    if (!after.lists.has(key)) removed.push({ add: false, mode, arg: mask });
  for (const [key, { mode, mask }] of after.lists)
    if (!before.lists.has(key)) added.push({ add: true, mode, arg: mask });
  for (const [key, { mode, nick }] of before.prefixes)
    if (!after.prefixes.has(key)) removed.push({ add: false, mode, arg: nick });
  for (const [key, { mode, nick }] of after.prefixes)
    if (!before.prefixes.has(key)) added.push({ add: true, mode, arg: nick });
  return [...removed, ...added];
}
