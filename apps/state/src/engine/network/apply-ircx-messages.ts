import type { NetEvent } from '@portalchat/protocol';
import type { User } from '../../model/types';
import { deliverContextMessage } from '../channel-context';
import { killChannel } from '../channel-kill';
import { deliverChannelData, deliverSubsetData, deliverUserData, type DataMessage } from '../data-delivery';
import { isGagged } from '../levels';
import type { ServerTags } from '../outbox';
import type { NetApplyContext } from './apply-context';

/**
 * IRCX messaging from other servers: WHISPER, DATA/REQUEST/REPLY, and a sysop's KILL of a
 * channel. The origin server checked the rules (membership, +w, ACCESS, reserved tags); here the
 * local recipients get the same lines a local sender would have given them. Messages are
 * deduplicated by msgid (the portals deliver once; a replay must not show twice); `chkill` is
 * idempotent by itself (a second one finds no members).
 */

type Ev<T extends NetEvent['type']> = Extract<NetEvent, { type: T }>;

/** The known users of a uid list, in order (a uid that quit meanwhile is skipped). */
function usersOf(ctx: NetApplyContext, uids: readonly string[]): User[] {
  const out: User[] = [];
  for (const uid of uids) {
    const user = ctx.state.users.get(uid);
    if (user) out.push(user);
  }
  return out;
}

export function applyWhisper(ctx: NetApplyContext, ev: Ev<'whisper'>): void {
  if (ctx.seenMessage(ev.msgid)) return;
  const sender = ctx.state.users.get(ev.from);
  const channel = ctx.state.channel(ev.channel);
  // A gagged user's server drops its whispers; this guards against one that did not.
  if (!sender || !channel || isGagged(sender)) return;
  const targets = usersOf(ctx, ev.to).filter((u) => channel.members.has(u.uid));
  const tags: ServerTags = { time: ev.time, msgid: ev.msgid };
  deliverContextMessage(ctx.out, { verb: 'WHISPER', sender, channel, targets, text: ev.text, tags });
}

export function applyData(ctx: NetApplyContext, ev: Ev<'data'>): void {
  if (ctx.seenMessage(ev.msgid)) return;
  const sender = ctx.state.users.get(ev.from);
  if (!sender || isGagged(sender)) return;
  const m: DataMessage = {
    verb: ev.command,
    sender,
    tag: ev.tag,
    text: ev.text,
    tags: { time: ev.time, msgid: ev.msgid },
  };
  const channel = ctx.state.channel(ev.to);
  if (channel) {
    if (ev.nicks)
      deliverSubsetData(
        ctx.out,
        m,
        channel,
        usersOf(ctx, ev.nicks).filter((u) => channel.members.has(u.uid)),
      );
    else deliverChannelData(ctx.out, m, channel);
    return;
  }
  const target = ctx.state.users.get(ev.to);
  if (target) deliverUserData(ctx.out, m, target);
}

/** `KICK` lines come from the server where the sysop gave the KILL, as on that server. */
export function applyChannelKill(ctx: NetApplyContext, ev: Ev<'chkill'>): void {
  const channel = ctx.state.channel(ev.channel);
  if (!channel) return;
  killChannel(ctx, ctx.state, channel, ctx.sourceServer, ev.reason);
}
