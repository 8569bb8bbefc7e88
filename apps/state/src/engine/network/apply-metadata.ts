import type { NetEvent } from '@portalchat/protocol';
import { announceMetadata, setMetadata, type MetadataTarget } from '../metadata';
import type { NetApplyContext } from './apply-context';

/**
 * A draft/metadata-2 change made elsewhere: taken as the origin checked it (key, value, limits,
 * permission) and shown to the followers here. A channel's change is dropped when the event's
 * channelTs is newer than this channel (made on a channel that lost to an older one); applying
 * it twice changes and shows nothing.
 */
export function applyMetadata(ctx: NetApplyContext, ev: Extract<NetEvent, { type: 'metadata' }>): void {
  let target: MetadataTarget;
  if (ev.channelTs !== undefined) {
    const channel = ctx.state.channel(ev.target);
    if (!channel || ev.channelTs > channel.createdAt) return;
    target = { kind: 'channel', channel };
  } else {
    const user = ctx.state.users.get(ev.target);
    if (!user) return;
    target = { kind: 'user', user };
  }
  if (setMetadata(target, ev.key, ev.value)) announceMetadata(ctx, target, ev.key, ev.value, undefined);
}
