import type { CreatorStatus } from '@portalchat/config';
import type { RegisteredContext } from '../engine/context';
import { announceJoin, originStamp } from '../engine/announce';
import { joinDecision, type JoinDecision, type JoinStatus } from '../engine/channel-rules';
import { sendOnJoin } from '../engine/channel-props';
import { announceClone, canBeCloned, cloneWithRoom, evictSquatter, makeClone, nextCloneSlot } from '../engine/clones';
import { JOIN_ERRORS, sendJoinError, type JoinRefusal } from '../engine/errors';
import { deliverKnock } from '../engine/knock';
import { actsAsOwnerEverywhere } from '../engine/levels';
import { syncUserLag } from '../engine/member-lag';
import { channelTargets, netChannelOf } from '../engine/network/to-net';
import type { Channel } from '../model/types';
import { sendNames, sendTopic } from './channel-replies';
import { sendJoinMetadata } from './metadata-replies';
import { sendJoinReadMarker } from './markread';

/**
 * The parts of an IRCX join shared by JOIN and CREATE: entering a channel, refusing with KNOCK,
 * and the overflow of a full +d channel into its clones.
 */

/** What the user who makes a channel becomes: sysop managers (and sysops, when the service says so) are owners. */
export function creatorStatus(ctx: RegisteredContext, configured: CreatorStatus): JoinStatus {
  if (actsAsOwnerEverywhere(ctx.user, ctx.config.ircx)) return 'q';
  return configured === 'owner' ? 'q' : configured === 'host' ? 'o' : '';
}

export interface EnterOptions {
  /** The channel was just made by CREATE or as a clone: other servers get it whole first. */
  announceChannel?: boolean;
}

/**
 * Puts the user in the channel with `status`: JOIN to the members, the `join` event, then the
 * joiner's 332/333, NAMES and the channel's ONJOIN text. A channel made by CREATE or cloned
 * travels as a whole `channel` event first (with its modes, key, limit, props, access and
 * parent), which the `join` then finds already applied.
 */
export function enterChannel(
  ctx: RegisteredContext,
  channel: Channel,
  status: JoinStatus,
  options: EnterOptions = {},
): void {
  const { user } = ctx;
  ctx.state.addMember(channel, user, status, ctx.now);
  if (channel.props.has('LAG')) syncUserLag(ctx.state, ctx.out, user);
  if (options.announceChannel) ctx.network.emit({ type: 'channel', channel: netChannelOf(channel, () => true) });
  const stamp = originStamp(ctx);
  announceJoin(ctx, channel, user, stamp);
  ctx.network.emit({
    type: 'join',
    channel: channel.name,
    channelTs: channel.createdAt,
    uid: user.uid,
    modes: status,
    ...stamp,
  });
  sendTopic(ctx, channel, false);
  sendJoinReadMarker(ctx, channel);
  sendNames(ctx, channel);
  sendJoinMetadata(ctx, channel);
  sendOnJoin(ctx.out, channel, user);
}

/**
 * Sends the refusal, and on a +u channel a KNOCK to its owners and hosts here and, through a
 * `knock` event, on the servers with members.
 */
export function refuseJoin(ctx: RegisteredContext, channel: Channel, code: JoinRefusal, reason?: string): void {
  sendJoinError(ctx, channel.name, code, reason);
  if (!channel.modes.has('u')) return;
  const { numeric } = JOIN_ERRORS[code];
  // One msgid for the KNOCK wherever it is shown: it travels with the event.
  const msgid = ctx.nextMsgId();
  deliverKnock(ctx.out, ctx.config.server.name, channel, ctx.user, numeric, { time: ctx.now, msgid });
  const targets = channelTargets(channel, ctx.state.serverId);
  if (targets.length)
    ctx.network.emit({ type: 'knock', channel: channel.name, uid: ctx.user.uid, reason: numeric, msgid }, targets);
}

/** Joins an existing channel as `decision` says, or refuses; a full +d channel overflows into a clone. */
export function joinExisting(ctx: RegisteredContext, channel: Channel, key: string | undefined): void {
  const decision = decide(ctx, channel, key);
  if ('status' in decision) {
    enterChannel(ctx, channel, decision.status);
  } else if (decision.refusal === 'channel-full' && canBeCloned(channel)) {
    joinClone(ctx, channel, key);
  } else {
    refuseJoin(ctx, channel, decision.refusal, decision.reason);
  }
}

export function decide(ctx: RegisteredContext, channel: Channel, key: string | undefined): JoinDecision {
  return joinDecision(channel, ctx.user, key, ctx.now, ctx.config.ircx);
}

/**
 * The parent is full (and the joiner passed every other check): the first clone with room takes
 * the joiner, else a new clone is made. A clone can have drifted from its parent (modes changed
 * since), so it decides on its own whether to let the joiner in.
 */
function joinClone(ctx: RegisteredContext, parent: Channel, key: string | undefined): void {
  const existing = cloneWithRoom(ctx.state, parent);
  if (existing) {
    if (existing.members.has(ctx.user.uid)) return; // already in the overflow channel: as for JOIN of a channel one is in
    const decision = decide(ctx, existing, key);
    if ('status' in decision) enterChannel(ctx, existing, decision.status);
    else refuseJoin(ctx, existing, decision.refusal, decision.reason);
    return;
  }
  const clone = newClone(ctx, parent);
  if (!clone) {
    refuseJoin(ctx, parent, 'channel-full');
    return;
  }
  enterClone(ctx, parent, clone, '');
}

/** Makes the next clone of `parent` (removing a squatter first), or undefined when all 99 exist. */
export function newClone(ctx: RegisteredContext, parent: Channel): Channel | undefined {
  const slot = nextCloneSlot(ctx.state, parent);
  if (!slot) return undefined;
  if (slot.squatter) evictSquatter(ctx, slot.squatter);
  return makeClone(ctx.state, parent, slot.name, ctx.now);
}

/**
 * The first member enters a new clone: the clone travels whole, then the join, then the `clone`
 * event; the parent's IRCX owners and hosts get CLONE here and wherever they are connected.
 */
export function enterClone(ctx: RegisteredContext, parent: Channel, clone: Channel, status: JoinStatus): void {
  enterChannel(ctx, clone, status, { announceChannel: true });
  const msgid = ctx.nextMsgId();
  announceClone(ctx.out, ctx.config.server.name, parent, clone, { time: ctx.now, msgid });
  ctx.network.emit({ type: 'clone', parent: parent.name, channel: clone.name, msgid });
}
