import type { NetEvent } from '@portalchat/protocol';
import { userPrefix } from '../context';
import { announceAccount, announceChghost, announceSetname } from '../presence-changes';
import { remoteUser, type NetApplyContext } from './apply-context';

/**
 * Network events of the IRCv3 presence changes (SETNAME, account, CHGHOST) made on the user's
 * own server: applied to this server's copy and shown to the local clients that asked, with the
 * same lines as at the origin. Applying one twice changes and shows nothing.
 */

type Ev<T extends NetEvent['type']> = Extract<NetEvent, { type: T }>;

export function applySetname(ctx: NetApplyContext, ev: Ev<'setname'>): void {
  const user = remoteUser(ctx, ev.uid);
  if (!user || user.realname === ev.realname) return;
  user.realname = ev.realname;
  announceSetname(ctx, ctx.state, user);
}

export function applyAccount(ctx: NetApplyContext, ev: Ev<'account'>): void {
  const user = remoteUser(ctx, ev.uid);
  if (!user || user.account === ev.account) return;
  if (ev.account === undefined) delete user.account;
  else user.account = ev.account;
  announceAccount(ctx, ctx.state, user);
}

/** Unlike the others, a CHGHOST may be about a user of this server: a sysop elsewhere changed it. */
export function applyChghost(ctx: NetApplyContext, ev: Ev<'chghost'>): void {
  const user = ctx.state.users.get(ev.uid);
  if (!user || (user.username === ev.username && user.hostname === ev.hostname)) return;
  const oldPrefix = userPrefix(user);
  user.username = ev.username;
  user.hostname = ev.hostname;
  if (ev.realHost !== undefined) user.realHost = ev.realHost;
  else if (user.local) user.realHost ??= user.local.hostname;
  if (ev.ip !== undefined) user.ip = ev.ip;
  else if (user.local) user.ip ??= user.local.ip;
  announceChghost(ctx, ctx.state, user, oldPrefix);
}
