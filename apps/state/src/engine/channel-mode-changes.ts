import { modeClassOf, CHANNEL_MODE_SPEC, type ModeChange } from '@portalchat/protocol';
import type { ChatState } from '../model/chat-state';
import type { Channel } from '../model/types';
import { findListEntry, normalizeMask } from './channel-rules';
import type { ModeError } from './errors';
import { checkModeRights, type ModeActor, type ModeRightRefusal } from './channel-mode-rights';
import { setChannelRegistered } from './registered-channels';

/**
 * Applies parsed channel mode changes to a channel (the caller has checked the rights, see
 * channel-mode-rights.ts). Returns what actually changed, in order, ready for `formatModeChanges`,
 * and what was refused. No output here. No-op changes (+n when already +n, -o on a non-op) are
 * dropped, as ergo does. Side effects every caller gets, local or network: p/h/s exclusivity and
 * `registered` for r.
 */

export interface ModeChangeInput {
  state: ChatState;
  channel: Channel;
  changes: readonly ModeChange[];
  /** `nick!user@host` of the setter, stored on list entries. */
  setBy: string;
  now: number;
  /** MODES: parametrised changes one command may make; the rest are ignored (InspIRCd, solanum). */
  modesPerCommand: number;
  /** MAXLIST: entries per list mode. */
  maxListEntries: number;
}

export interface ModeChangeResult {
  applied: ModeChange[];
  errors: ModeError[];
}

/** A mask or key fit to be a middle param of the broadcast MODE line (no space, no leading ':'). */
function isWireSafe(arg: string): boolean {
  return arg !== '' && !arg.includes(' ') && arg[0] !== ':' && !arg.includes(',');
}

export function applyChannelModeChanges(input: ModeChangeInput): ModeChangeResult {
  const result: ModeChangeResult = { applied: [], errors: [] };
  let withParam = 0;
  for (const change of input.changes) {
    if (change.arg !== undefined && ++withParam > input.modesPerCommand) continue;
    applyOne(input, change, result);
  }
  return result;
}

/**
 * The modes a channel made by IRCX CREATE starts with (`CREATE #c tnmlx 50`): the only place
 * `x` (auditorium) can be set. The CREATE handler parses the mode string itself, leaving out its
 * own flags `c` (create only) and `e` (force a clone), which are no modes (and `e` would parse as
 * the exception list), and passes the creator as owner, e.g.
 * `{ ...modeActorOf(user, channel, config.ircx), rank: RANK.owner }`: f, r and z still need what
 * MODE needs.
 * Returns the applied changes (for the MODE line / `cmode` event) and the refusals.
 */
export function applyInitialModes(
  input: ModeChangeInput,
  actor: ModeActor,
): ModeChangeResult & { refused: { code: ModeRightRefusal; mode: string }[] } {
  const { allowed, refused } = checkModeRights(actor, input.channel, input.changes, input.state, { atCreate: true });
  return { ...applyChannelModeChanges({ ...input, changes: allowed }), refused };
}

function applyOne(input: ModeChangeInput, change: ModeChange, result: ModeChangeResult): void {
  const { channel } = input;
  const { add, mode, arg } = change;
  switch (modeClassOf(mode, CHANNEL_MODE_SPEC)) {
    case 'flags':
      if (channel.modes.has(mode) === add) return;
      if (add) channel.modes.add(mode);
      else channel.modes.delete(mode);
      result.applied.push({ add, mode });
      if (add && EXCLUSIVE_VISIBILITY.includes(mode)) dropOtherVisibility(channel, mode, result);
      if (mode === 'r') setChannelRegistered(input.state, channel, add);
      return;
    case 'prefix':
      return applyPrefix(input, change, result);
    case 'lists':
      return applyList(input, change, result);
    case 'alwaysArg': // k
      if (add) {
        if (arg === undefined || !isWireSafe(arg)) {
          result.errors.push({ code: 'invalid-key', mode });
          return;
        }
        if (channel.key === arg) return;
        channel.key = arg;
        result.applied.push({ add, mode, arg });
      } else {
        if (channel.key === undefined) return;
        channel.key = undefined;
        // solanum and InspIRCd announce `-k *`: the old key is not shown again.
        result.applied.push({ add, mode, arg: '*' });
      }
      return;
    case 'setArg': // l
      if (add) {
        const limit = /^\d{1,9}$/.test(arg ?? '') ? Number(arg) : 0;
        if (limit <= 0) {
          result.errors.push({ code: 'invalid-limit', mode, arg });
          return;
        }
        if (channel.limit === limit) return;
        channel.limit = limit;
        result.applied.push({ add, mode, arg: String(limit) });
      } else {
        if (channel.limit === undefined) return;
        channel.limit = undefined;
        result.applied.push({ add, mode });
      }
      return;
    default:
      return; // unknown letters were reported by the parser (472)
  }
}

/**
 * IRCX p (private), h (hidden) and s (secret) are mutually exclusive (draft-04 §6.1): setting one
 * drops the others in the same MODE line (`+p-s`). One set earlier in this very line is taken back
 * from `applied` instead, so `+ps` shows `+s` rather than `+ps-p`.
 */
const EXCLUSIVE_VISIBILITY = 'phs';

function dropOtherVisibility(channel: Channel, kept: string, result: ModeChangeResult): void {
  for (const other of EXCLUSIVE_VISIBILITY) {
    if (other === kept || !channel.modes.has(other)) continue;
    channel.modes.delete(other);
    const earlier = result.applied.findIndex((c) => c.add && c.mode === other);
    if (earlier !== -1) result.applied.splice(earlier, 1);
    else result.applied.push({ add: false, mode: other });
  }
}

/** +q/+o/+v/-q/-o/-v <nick>: the nick must exist (401) and be on the channel (441). */
function applyPrefix(input: ModeChangeInput, change: ModeChange, result: ModeChangeResult): void {
  const { add, mode, arg = '' } = change;
  const target = input.state.userByNick(arg);
  if (!target) {
    result.errors.push({ code: 'no-such-nick', mode, arg });
    return;
  }
  const membership = input.channel.members.get(target.uid);
  if (!membership) {
    result.errors.push({ code: 'user-not-in-channel', mode, arg: target.nick });
    return;
  }
  if (membership.modes.has(mode) === add) return;
  if (add) membership.modes.add(mode);
  else membership.modes.delete(mode);
  result.applied.push({ add, mode, arg: target.nick });
}

/** +b/-b, +e/-e, +I/-I <mask>, the mask normalised to nick!user@host; MAXLIST bounds each list. */
function applyList(input: ModeChangeInput, change: ModeChange, result: ModeChangeResult): void {
  const { add, mode, arg = '' } = change;
  if (!isWireSafe(arg)) return; // a mask that could not be shown back is silently ignored
  const list = input.channel.lists[mode as 'b' | 'e' | 'I'];
  const mask = normalizeMask(arg);
  const index = findListEntry(list, mask);
  if (add) {
    if (index !== -1) return;
    if (list.length >= input.maxListEntries) {
      result.errors.push({ code: 'list-full', mode, arg: mask });
      return;
    }
    list.push({ mask, setBy: input.setBy, setAt: input.now });
  } else {
    if (index === -1) return;
    list.splice(index, 1);
  }
  result.applied.push({ add, mode, arg: mask });
}
