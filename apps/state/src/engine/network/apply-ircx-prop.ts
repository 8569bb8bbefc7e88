import type { NetEvent } from '@portalchat/protocol';
import { syncChannelLag } from '../member-lag';
import { announcePropChange } from '../prop-announce';
import { isStoredProp } from '../prop-rules';
import { actorPrefix, type NetApplyContext } from './apply-context';

/**
 * A PROP set or deleted on another server. Dropped when the event's channel TS is newer than the
 * channel here (it was made on a channel this side's older one replaces, as for `cmode`), for an
 * unknown channel, and for properties that never travel as `prop` (TOPIC and MEMBERKEY come as
 * `topic` and `cmode`; OID, NAME and CREATION are derived). Idempotent: a value equal to the
 * current one changes nothing and shows nothing.
 */
export function applyProp(ctx: NetApplyContext, ev: Extract<NetEvent, { type: 'prop' }>): void {
  const channel = ctx.state.channel(ev.channel);
  if (!channel || ev.channelTs > channel.createdAt || !isStoredProp(ev.name)) return;
  const value = ev.value ?? '';
  if ((channel.props.get(ev.name) ?? '') === value) return;
  if (value === '') channel.props.delete(ev.name);
  else channel.props.set(ev.name, value);
  if (ev.name === 'LAG') syncChannelLag(ctx.state, ctx.out, channel);
  announcePropChange(ctx, channel, actorPrefix(ctx, ev.by), ev.name, value);
}
