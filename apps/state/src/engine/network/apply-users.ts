import type { NetUser } from '@portalchat/protocol';
import type { User } from '../../model/types';
import { announceAway, announceNick, announceQuit } from '../announce';
import { userPrefix } from '../context';
import { remoteUser, type NetApplyContext } from './apply-context';
import { settleNickClaim } from './nick-collision';
import { umodeEventOf } from './to-net';
import type { Stamp } from '../history/record';
import { announceAccount, announceChghost, announceSetname } from '../presence-changes';

/**
 * Network events about users: user nick quit kill umode away. Events that would change a LOCAL
 * user are ignored (this server is the authority on its own users), except `kill` and the gag
 * (z) of a `umode`.
 */

/** A user of another server arrives (a live registration or a burst), or a known one is restated. */
export function applyUser(ctx: NetApplyContext, net: NetUser): void {
  if (net.serverId === ctx.state.serverId) return;
  const known = ctx.state.users.get(net.uid);
  // A burst snapshot older than a quit already applied (see ChatState.markDeparted).
  if (!known && ctx.state.hasDeparted(net.uid)) return;
  if (known) {
    if (!known.local) restateUser(ctx, known, net);
    return;
  }
  const nick = settleNickClaim(ctx, net, net.nick);
  ctx.state.addRemoteUser(net, nick);
}

/**
 * A burst repeats a user this server knows: take its facts, show only what changed. Its nick is
 * taken only when newer than the one known (a replayed `user` event must not undo a later NICK,
 * even one made in the same millisecond), or when it is the uid a collision loser was given.
 */
function restateUser(ctx: NetApplyContext, user: User, net: NetUser): void {
  if (user.nick !== net.nick && (net.nickTs > user.nickTs || net.nick === net.uid)) {
    applyNick(ctx, user.uid, net.nick, net.nickTs);
  }
  // What changed while the link was down is shown as it would have been live (chghost, setname, account-notify).
  const oldPrefix = userPrefix(user);
  const hostChanged = user.username !== net.username || user.hostname !== net.hostname;
  const nameChanged = user.realname !== net.realname;
  const accountChanged = user.account !== net.account;
  user.username = net.username;
  user.hostname = net.hostname;
  if (net.realHost !== undefined) user.realHost = net.realHost;
  else delete user.realHost;
  if (net.ip !== undefined) user.ip = net.ip;
  else delete user.ip;
  user.realname = net.realname;
  // The account is the origin's fact like the rest (WHOIS 330 reads it); absent = logged out.
  if (net.account !== undefined) user.account = net.account;
  else delete user.account;
  // TLS and the certificate are facts of the connection: fixed for its life, taken as stated.
  if (net.tls === true) user.tls = true;
  else delete user.tls;
  if (net.certfp !== undefined) user.certfp = net.certfp;
  else delete user.certfp;
  // draft/metadata-2 keys are the origin's facts too (its user set them there).
  if (net.metadata !== undefined) user.metadata = new Map(Object.entries(net.metadata));
  else delete user.metadata;
  setModes(ctx, user, net.modes, net.operName);
  if (user.away !== net.away) applyAway(ctx, user.uid, net.away);
  if (hostChanged) announceChghost(ctx, ctx.state, user, oldPrefix);
  if (nameChanged) announceSetname(ctx, ctx.state, user);
  if (accountChanged) announceAccount(ctx, ctx.state, user);
}

/** A NICK elsewhere; one older than the user's current nick (a stale replay) changes nothing. */
export function applyNick(ctx: NetApplyContext, uid: string, nick: string, nickTs: number, stamp?: Stamp): void {
  const user = remoteUser(ctx, uid);
  if (!user || user.nick === nick || nickTs < user.nickTs) return;
  const finalNick = settleNickClaim(ctx, { uid, nickTs, serverId: user.serverId }, nick);
  if (finalNick === user.nick) return;
  // A nick settled differently here (a collision) is not the origin's line: not stored.
  announceNick(ctx, ctx.state, user, finalNick, finalNick === nick ? stamp : undefined);
  ctx.state.renameUser(user, finalNick, ctx.now, nickTs);
}

/** A user QUIT on its server; remembered even when unknown here, since its `user` may come later. */
export function applyQuit(ctx: NetApplyContext, uid: string, reason: string, stamp?: Stamp): void {
  const user = remoteUser(ctx, uid);
  if (user || !ctx.state.users.has(uid)) ctx.state.markDeparted(uid);
  if (!user) return;
  announceQuit(ctx, ctx.state, user, reason, stamp);
  ctx.state.removeUser(user, ctx.now);
}

/** An operator's KILL: a local victim is disconnected here; everywhere the user QUITs. */
export function applyKill(ctx: NetApplyContext, uid: string, by: string, reason: string): void {
  const user = ctx.state.users.get(uid);
  ctx.state.markDeparted(uid);
  if (!user) return;
  const quitMessage = `Killed (${by} (${reason}))`;
  if (!user.local) {
    applyQuit(ctx, uid, quitMessage);
    return;
  }
  const killer = ctx.state.userByNick(by);
  ctx.out.message(user.local, {
    prefix: killer ? userPrefix(killer) : by,
    command: 'KILL',
    params: [user.nick, reason],
  });
  ctx.disconnect(user.local, `Killed by ${by}`, quitMessage);
}

export function applyUmode(ctx: NetApplyContext, uid: string, modes: string, operName: string | undefined): void {
  const user = ctx.state.users.get(uid);
  if (!user) return;
  if (user.local) applyGagOfLocal(ctx, user, modes.includes('z'));
  else setModes(ctx, user, modes, operName);
}

/**
 * A sysop elsewhere gagged or ungagged a user of this server (`MODE <nick> +z`): the z is the one
 * letter another server may change on our users. Nobody is shown anything (the user must never
 * know). This server then restates the user's whole modes, so a umode the user's own change sent
 * meanwhile (without the z) cannot leave other servers out of step.
 */
function applyGagOfLocal(ctx: NetApplyContext, user: User, gagged: boolean): void {
  if (user.modes.has('z') === gagged) return;
  ctx.state.setUserMode(user, 'z', gagged);
  ctx.network.emit(umodeEventOf(user));
}

export function applyAway(ctx: NetApplyContext, uid: string, message: string | undefined): void {
  const user = remoteUser(ctx, uid);
  if (!user || user.away === message) return;
  user.away = message;
  announceAway(ctx, ctx.state, user);
}

/** User modes travel whole (`iow`), so applying them twice changes nothing. */
function setModes(ctx: NetApplyContext, user: User, modes: string, operName: string | undefined): void {
  ctx.state.replaceUserModes(user, modes);
  user.operName = user.modes.has('o') ? operName : undefined;
}
