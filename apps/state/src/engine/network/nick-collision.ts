import type { User } from '../../model/types';
import { announceNick } from '../announce';
import type { NetApplyContext } from './apply-context';

/**
 * Nick collisions (ARCHITECTURE.md "Network state and its rules"): two uids claim the same
 * case-folded nick. The OLDER claim (nickTs) keeps it; equal times go to the LOWER server ID; the
 * loser is renamed to its uid. Every server decides alike from the same facts, so no event is
 * needed to agree — but a loser's own server emits a `nick` so servers that learn of the user
 * later (a burst) see the new nick too.
 */

export interface NickClaim {
  uid: string;
  nickTs: number;
  serverId: number;
}

/** Whether claim `a` keeps a nick that `b` claims too. */
export function winsNick(a: NickClaim, b: NickClaim): boolean {
  return a.nickTs !== b.nickTs ? a.nickTs < b.nickTs : a.serverId < b.serverId;
}

/**
 * A user of another server claims `nick` (it arrived, or changed its nick). Returns the nick it
 * ends up with: `nick` when free or when the claim wins (the holder is then renamed to its uid),
 * else the claimant's uid.
 */
export function settleNickClaim(ctx: NetApplyContext, claim: NickClaim, nick: string): string {
  const holder = ctx.state.userByNick(nick);
  if (!holder || holder.uid === claim.uid) return nick;
  if (winsNick(claim, holder)) {
    renameToUid(ctx, holder);
    return nick;
  }
  return claim.uid;
}

/**
 * A collision loser becomes its uid: its client (when local) and everyone sharing a channel see
 * `:old!user@host NICK <uid>`. The nick time stays, so every server stores the same value.
 */
export function renameToUid(ctx: NetApplyContext, user: User): void {
  announceNick(ctx, ctx.state, user, user.uid);
  ctx.state.renameUser(user, user.uid, ctx.now, user.nickTs);
  if (user.local) {
    ctx.out.registered(user.local, user.uid, user.modes.has('o'));
    ctx.network.emit({ type: 'nick', uid: user.uid, nick: user.uid, nickTs: user.nickTs });
  }
}
