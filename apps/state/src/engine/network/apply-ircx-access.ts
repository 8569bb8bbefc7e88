import { CHANNEL_PREFIXES, type NetEvent } from '@portalchat/protocol';
import type { AccessEntry } from '../../model/types';
import { findAccessEntry } from '../access';
import { announceClone } from '../clones';
import { deliverKnock } from '../knock';
import type { NetApplyContext } from './apply-context';

/**
 * IRCX network events of the join family: ACCESS changes, KNOCK and CLONE. ACCESS changes are
 * silent (only the one who made them got a reply); each is a no-op when applied twice (an entry
 * is added once, deleted once).
 */

type Ev<T extends NetEvent['type']> = Extract<NetEvent, { type: T }>;

/**
 * The list an access event names: a channel's (dropped when the event's channelTs is newer than
 * the channel here: it was made on a channel that lost to an older one, as for `cmode`), the
 * network's (`*`), or a user's own nick by uid. `$` never travels.
 */
function listOf(ctx: NetApplyContext, object: string, channelTs: number | undefined): AccessEntry[] | undefined {
  if (object === '*') return ctx.state.networkAccess;
  if (CHANNEL_PREFIXES.includes(object[0] ?? '')) {
    const channel = ctx.state.channel(object);
    if (!channel || (channelTs !== undefined && channelTs > channel.createdAt)) return undefined;
    return channel.access;
  }
  return ctx.state.users.get(object)?.access;
}

export function applyAccessAdd(ctx: NetApplyContext, ev: Ev<'access-add'>): void {
  const list = listOf(ctx, ev.object, ev.channelTs);
  if (!list || findAccessEntry(list, ev.entry.level, ev.entry.mask) !== -1) return;
  list.push({ ...ev.entry });
}

export function applyAccessDel(ctx: NetApplyContext, ev: Ev<'access-del'>): void {
  const list = listOf(ctx, ev.object, ev.channelTs);
  const index = list ? findAccessEntry(list, ev.level, ev.mask) : -1;
  if (list && index !== -1) list.splice(index, 1);
}

export function applyAccessClear(ctx: NetApplyContext, ev: Ev<'access-clear'>): void {
  const list = listOf(ctx, ev.object, ev.channelTs);
  if (!list) return;
  for (let i = list.length - 1; i >= 0; i--)
    if (ev.level === undefined || list[i]?.level === ev.level) list.splice(i, 1);
}

/** A join refused elsewhere on a +u channel: its owners and hosts connected here hear the knock. */
export function applyKnock(ctx: NetApplyContext, ev: Ev<'knock'>): void {
  const channel = ctx.state.channel(ev.channel);
  const knocker = ctx.state.users.get(ev.uid);
  if (!channel || !knocker || !channel.modes.has('u')) return;
  const tags = { time: ctx.now, msgid: ev.msgid ?? ctx.nextMsgId() };
  deliverKnock(ctx.out, ctx.config.server.name, channel, knocker, ev.reason, tags);
}

/** A clone made elsewhere (its `channel` event came first): the parent's IRCX hosts here get CLONE. */
export function applyClone(ctx: NetApplyContext, ev: Ev<'clone'>): void {
  const parent = ctx.state.channel(ev.parent);
  const clone = ctx.state.channel(ev.channel);
  if (!parent || !clone) return;
  announceClone(ctx.out, ctx.config.server.name, parent, clone, { time: ctx.now, msgid: ev.msgid ?? ctx.nextMsgId() });
}
