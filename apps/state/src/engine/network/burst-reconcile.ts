import { ircLower, type NetChannel, type NetStamp, type StampedNetEvent } from '@portalchat/protocol';
import { announceQuit, announceToChannel } from '../announce';
import { userPrefix } from '../context';
import type { NetApplyContext } from './apply-context';

/**
 * The QUIT reason of a user that a reconciled burst no longer has: it left while the link was
 * down (its real QUIT was lost with the link), and the split was never announced.
 */
export const GONE_DURING_SPLIT = 'Left while the link was down';

/**
 * A burst after a split that was only pending (issue 11): this state still holds the users of the
 * burst's servers, the burst restates what is still true, and whatever it does not restate went
 * away meanwhile. Between the `begin` and `end` marks (from the bursting portal, in order with
 * its burst) every `user` and `channel` event of the same origin crosses off what it restates;
 * at `end`, users left over QUIT and memberships left over PART. What the burst repeats
 * unchanged shows nothing (applyUser, applyChannelBurst): no QUIT/JOIN storm.
 *
 * After an announced split there is nothing left to cross off, so the end changes nothing.
 */
export function applyBurstMark(ctx: NetApplyContext, stamp: NetStamp, phase: 'begin' | 'end', servers: number[]): void {
  const { origin } = stamp;
  const last = ctx.state.lastBurstMarks.get(origin);
  if (last && (stamp.epoch < last.epoch || (stamp.epoch === last.epoch && stamp.seq <= last.seq))) return;
  ctx.state.lastBurstMarks.set(origin, { epoch: stamp.epoch, seq: stamp.seq });
  if (phase === 'begin') return beginReconcile(ctx, origin, servers);
  const run = ctx.state.burstReconciles.get(origin);
  ctx.state.burstReconciles.delete(origin);
  if (!run) return; // an end without its begin (this state started in the middle of the burst)
  for (const [uid, channels] of run.unconfirmed) {
    const user = ctx.state.users.get(uid);
    if (!user || user.local || !run.servers.has(user.serverId)) continue;
    if (!run.confirmed.has(uid)) {
      announceQuit(ctx, ctx.state, user, GONE_DURING_SPLIT);
      ctx.state.markDeparted(uid);
      ctx.state.removeUser(user, ctx.now);
      continue;
    }
    for (const folded of channels) {
      const channel = ctx.state.channel(folded);
      if (!channel?.members.has(uid)) continue;
      announceToChannel(ctx, channel, { prefix: userPrefix(user), command: 'PART', params: [channel.name] }, user);
      ctx.state.removeMember(channel, user);
    }
  }
}

/** Crosses off what a burst event of `origin` restates, while that origin's burst runs. */
export function noteBurstEvent(ctx: NetApplyContext, event: StampedNetEvent): void {
  const run = ctx.state.burstReconciles.get(event.stamp.origin);
  if (!run) return;
  if (event.type === 'user') run.confirmed.add(event.user.uid);
  else if (event.type === 'channel') confirmMembers(run.unconfirmed, event.channel);
}

function beginReconcile(ctx: NetApplyContext, origin: number, servers: number[]): void {
  const covered = new Set(servers.filter((id) => id !== ctx.state.serverId));
  const unconfirmed = new Map<string, Set<string>>();
  for (const user of ctx.state.users.values()) {
    if (user.local || !covered.has(user.serverId)) continue;
    unconfirmed.set(user.uid, new Set(user.channels));
  }
  // A begin replaces a burst of the same origin that never ended (its link dropped mid-burst).
  ctx.state.burstReconciles.set(origin, { servers: covered, unconfirmed, confirmed: new Set() });
}

function confirmMembers(unconfirmed: Map<string, Set<string>>, channel: NetChannel): void {
  const folded = ircLower(channel.name);
  for (const [uid] of channel.members) unconfirmed.get(uid)?.delete(folded);
}
