import { CAP } from '../caps';
import { announceJoin, announceToChannel } from '../announce';
import { applyChannelModeChanges } from '../channel-mode-changes';
import { DEFAULT_CHANNEL_MODES } from '../channel-rules';
import { isHostOrOwner } from '../levels';
import { senderTags } from '../sender-tags';
import { formatModeChanges, type NetEvent, type NetModeChange, type ModeChange } from '@portalchat/protocol';
import { eventFeedOf } from '../event-feed';
import type { User } from '../../model/types';
import { actorPrefix, remoteUser, type NetApplyContext } from './apply-context';
import { announceModes, wipePrefixes } from './mode-lines';
import { renameChannel } from '../channel-rename';
import { stampOf } from '../history/record';

/**
 * Network events about channels: join part kick cmode topic invite (a whole `channel` is in
 * channel-burst.ts). Local members see the same lines as for a local change. Each is a no-op when
 * applied twice (a member joins once, leaves once; modes and topics compare before changing).
 */

type Ev<T extends NetEvent['type']> = Extract<NetEvent, { type: T }>;

/**
 * A remote user joins. An unknown channel is created with the event's timestamp (and the modes a
 * new channel starts with). Channel TS: an OLDER channelTs wins, so every member here loses o/v
 * and the channel takes the older time; a NEWER one joins without its prefix modes.
 */
export function applyJoin(ctx: NetApplyContext, ev: Ev<'join'>): void {
  const user = remoteUser(ctx, ev.uid);
  if (!user) return;
  let granted = ev.modes;
  const existing = ctx.state.channel(ev.channel);
  if (existing?.members.has(user.uid)) return;
  const { channel, created } = ctx.state.ensureChannel(ev.channel, ev.channelTs);
  if (created) for (const mode of DEFAULT_CHANNEL_MODES) channel.modes.add(mode);
  let wiped: ModeChange[] = [];
  if (ev.channelTs < channel.createdAt) {
    wiped = wipePrefixes(channel);
    channel.createdAt = ev.channelTs;
  } else if (ev.channelTs > channel.createdAt) {
    granted = '';
  }
  if (wiped.length) announceModes(ctx, channel, ctx.sourceServer, wiped);
  ctx.state.addMember(channel, user, granted, ctx.now);
  announceJoin(ctx, channel, user, stampOf(ev));
  const given = [...granted].map((mode) => ({ add: true, mode, arg: user.nick }));
  if (given.length) announceModes(ctx, channel, ctx.sourceServer, given);
}

export function applyPart(ctx: NetApplyContext, ev: Ev<'part'>): void {
  const user = remoteUser(ctx, ev.uid);
  const channel = ctx.state.channel(ev.channel);
  if (!user || !channel?.members.has(user.uid)) return;
  const params = ev.reason ? [channel.name, ev.reason] : [channel.name];
  announceToChannel(ctx, channel, { prefix: actorPrefix(ctx, user.uid), command: 'PART', params }, user, stampOf(ev));
  ctx.state.removeMember(channel, user);
}

/** Anyone may be kicked by the network, local users included (a remote op kicked them). */
export function applyKick(ctx: NetApplyContext, ev: Ev<'kick'>): void {
  const channel = ctx.state.channel(ev.channel);
  const target = ctx.state.users.get(ev.uid);
  if (!channel || !target || !channel.members.has(target.uid)) return;
  const params = [channel.name, target.nick, ev.reason];
  const line = { prefix: actorPrefix(ctx, ev.by), command: 'KICK', params };
  announceToChannel(ctx, channel, line, target, stampOf(ev));
  ctx.state.removeMember(channel, target);
}

/**
 * Channel modes set elsewhere. Dropped when the event's channelTs is newer than this channel (it
 * was made on a channel that lost to an older one). o/v arguments are uids, shown as nicks.
 */
export function applyChannelMode(ctx: NetApplyContext, ev: Ev<'cmode'>): void {
  const channel = ctx.state.channel(ev.channel);
  if (!channel || ev.channelTs > channel.createdAt) return;
  const changes = ev.changes.flatMap((change) => localModeChange(ctx, change));
  const { applied } = applyChannelModeChanges({
    state: ctx.state,
    channel,
    changes,
    setBy: actorPrefix(ctx, ev.by),
    now: ctx.now,
    // The origin server enforced its limits; here every change it made is taken.
    modesPerCommand: Infinity,
    maxListEntries: Infinity,
  });
  if (applied.length === 0) return;
  eventFeedOf(ctx.state)?.channelMode(channel, ctx.state.users.get(ev.by) ?? ev.by, formatModeChanges(applied));
  announceModes(ctx, channel, actorPrefix(ctx, ev.by), applied, stampOf(ev));
}

/** A change with its uid argument turned into the member's nick here; none for an unknown uid. */
function localModeChange(ctx: NetApplyContext, change: NetModeChange): ModeChange[] {
  const { add, mode, arg } = change;
  if ((mode === 'q' || mode === 'o' || mode === 'v') && arg !== undefined) {
    const user = ctx.state.users.get(arg);
    return user ? [{ add, mode, arg: user.nick }] : [];
  }
  return [arg === undefined ? { add, mode } : { add, mode, arg }];
}

/** A topic set elsewhere; an older one than the current (a late, crossed event) is ignored. */
export function applyTopic(ctx: NetApplyContext, ev: Ev<'topic'>): void {
  const channel = ctx.state.channel(ev.channel);
  if (!channel) return;
  const current = channel.topic;
  if (current && (ev.setAt < current.setAt || (current.text === ev.text && current.setAt === ev.setAt))) return;
  if (!current && ev.text === '') return;
  channel.topic = ev.text === '' ? undefined : { text: ev.text, setBy: ev.setBy, setAt: ev.setAt };
  eventFeedOf(ctx.state)?.channelTopic(channel, ctx.state.users.get(ev.by) ?? ev.by, ev.text);
  const line = { prefix: actorPrefix(ctx, ev.by), command: 'TOPIC', params: [channel.name, ev.text] };
  announceToChannel(ctx, channel, line, undefined, ev.msgid ? { time: ev.setAt, msgid: ev.msgid } : undefined);
}

/** An INVITE: remembered for the JOIN check; a local target sees it, local ops with invite-notify too. */
export function applyInvite(ctx: NetApplyContext, ev: Ev<'invite'>): void {
  const channel = ctx.state.channel(ev.channel);
  const target = ctx.state.users.get(ev.uid);
  if (!channel || !target || channel.members.has(target.uid) || channel.invited.has(target.uid)) return;
  channel.invited.add(target.uid);
  const invite = { prefix: actorPrefix(ctx, ev.by), command: 'INVITE', params: [target.nick, channel.name] };
  const watchers: User[] = [target];
  for (const m of channel.members.values()) {
    if (m.user.uid !== ev.by && isHostOrOwner(m) && m.user.local?.caps.has(CAP.inviteNotify)) watchers.push(m.user);
  }
  const inviter = ctx.state.users.get(ev.by);
  ctx.out.deliver(watchers, invite, { time: ctx.now, msgid: ctx.nextMsgId(), ...(inviter && senderTags(inviter)) });
}

/**
 * A channel renamed elsewhere (draft/channel-rename). Dropped when the event's channelTs is newer
 * than this channel (the rename was made on a channel that lost to an older one), and when this
 * server holds another channel by the new name: one made here while the rename was on its way.
 */
export function applyRename(ctx: NetApplyContext, ev: Ev<'rename'>): void {
  const channel = ctx.state.channel(ev.channel);
  if (!channel || ev.channelTs > channel.createdAt || channel.name === ev.newName) return;
  const holder = ctx.state.channel(ev.newName);
  if (holder && holder !== channel) return;
  renameChannel(ctx, channel, ev.newName, actorPrefix(ctx, ev.by), ev.reason);
}
