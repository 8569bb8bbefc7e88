import type { NetAccount } from '@portalchat/protocol';
import { mergeReadMarker, notifyReadMarker } from '../accounts/read-markers';
import { mergeAccount } from '../accounts/store';
import type { NetApplyContext } from './apply-context';

/**
 * Accounts and read markers from the network (or restated by a burst): merged so every server
 * settles on the same store whatever order the events come in (accounts/store.ts: the older
 * registration wins; read markers: the later time).
 */
export function applyAccountRegister(ctx: NetApplyContext, account: NetAccount): void {
  mergeAccount(ctx.state, account);
}

export function applyReadMarker(ctx: NetApplyContext, account: string, target: string, time: number): void {
  if (!mergeReadMarker(ctx.state, account, target, time)) return;
  notifyReadMarker(ctx.state, ctx.out, ctx.config.server.name, account, { target, time });
}
