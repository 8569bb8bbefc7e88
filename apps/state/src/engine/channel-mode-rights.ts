import type { IrcxPolicy } from '@portalchat/config';
import type { ModeChange } from '@portalchat/protocol';
import type { ChatState } from '../model/chat-state';
import type { Channel, User } from '../model/types';
import { effectiveRank, isAdmin, isSysop, memberRank, RANK, type Rank } from './levels';

/**
 * Who may make which channel mode change (IRCX draft-04 §4.2 and §6, Exchange Chat 5.5). Pure: it
 * returns a refusal code, the handler turns it into a numeric. Only changes a client asks for are
 * checked; changes from the network were checked by the server where they were made.
 */

/** Why one change is refused. */
export type ModeRightRefusal =
  'not-host' | 'not-owner' | 'not-sysop' | 'not-admin' | 'create-only' | 'server-only' | 'not-all-secure';

/** The one asking, with what it may do on this channel. */
export interface ModeActor {
  user: User;
  /** Its rank on the channel, sysop powers included (an admin counts as owner). */
  rank: Rank;
  sysop: boolean;
  admin: boolean;
}

export function modeActorOf(user: User, channel: Channel, policy: Pick<IrcxPolicy, 'sysopIsOwner'>): ModeActor {
  return {
    user,
    rank: effectiveRank(user, channel.members.get(user.uid), policy),
    sysop: isSysop(user),
    admin: isAdmin(user),
  };
}

export interface RightsOptions {
  /** The channel is being made by CREATE: `x` (auditorium) may be set, and only then. */
  atCreate?: boolean;
}

/**
 * Why `actor` may not make `change` on `channel`, or undefined when it may. Rules:
 * - q by owners; o and v by hosts, but only an owner takes o/v/q from an owner; anyone may drop
 *   their own q, o or v ("Anyone can drop their own +q or +o").
 * - f by sysop managers only; r by sysops and sysop managers; d by owners or sysops.
 * - x only at CREATE; z (a service watches the channel) only by the server itself.
 * - S (secure only) by hosts, and set only by a TLS user while every member is on TLS (InspIRCd's
 *   rule for its +z, plus the setter, which covers CREATE, where the creator is not a member yet):
 *   a channel that says "TLS users only" never has a plain member.
 * - everything else (a h i k l m n p s t u w, lists b e I) by hosts.
 */
export function modeChangeRefusal(
  actor: ModeActor,
  channel: Channel,
  change: ModeChange,
  state: ChatState,
  options: RightsOptions = {},
): ModeRightRefusal | undefined {
  const { add, mode, arg } = change;
  switch (mode) {
    case 'q':
    case 'o':
    case 'v': {
      const target = arg === undefined ? undefined : state.userByNick(arg);
      if (target === actor.user && !add) return undefined;
      if (mode === 'q') return actor.rank >= RANK.owner ? undefined : 'not-owner';
      if (actor.rank < RANK.host) return 'not-host';
      const targetIsOwner = target !== undefined && memberRank(channel.members.get(target.uid)) === RANK.owner;
      return !add && targetIsOwner && actor.rank < RANK.owner ? 'not-owner' : undefined;
    }
    case 'x':
      return options.atCreate ? undefined : 'create-only';
    case 'z':
      return 'server-only';
    case 'S':
      if (actor.rank < RANK.host) return 'not-host';
      if (!add) return undefined;
      return actor.user.tls !== true || [...channel.members.values()].some((m) => m.user.tls !== true)
        ? 'not-all-secure'
        : undefined;
    case 'f':
      return actor.admin ? undefined : 'not-admin';
    case 'r':
      return actor.admin || actor.sysop ? undefined : 'not-sysop';
    case 'd':
      return actor.rank >= RANK.owner || actor.sysop ? undefined : 'not-owner';
    default:
      return actor.rank >= RANK.host ? undefined : 'not-host';
  }
}

/** Splits asked changes into those the actor may make and the refusals (in order, each once). */
export function checkModeRights(
  actor: ModeActor,
  channel: Channel,
  changes: readonly ModeChange[],
  state: ChatState,
  options: RightsOptions = {},
): { allowed: ModeChange[]; refused: { code: ModeRightRefusal; mode: string }[] } {
  const allowed: ModeChange[] = [];
  const refused: { code: ModeRightRefusal; mode: string }[] = [];
  for (const change of changes) {
    const code = modeChangeRefusal(actor, channel, change, state, options);
    if (!code) allowed.push(change);
    else if (!refused.some((r) => r.code === code && r.mode === change.mode)) refused.push({ code, mode: change.mode });
  }
  return { allowed, refused };
}
