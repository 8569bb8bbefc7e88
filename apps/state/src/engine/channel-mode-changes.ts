import { modeClassOf, CHANNEL_MODE_SPEC, type ModeChange } from '@portalchat/protocol';
import type { ChatState } from '../model/chat-state';
import type { Channel } from '../model/types';
import { findListEntry, normalizeMask } from './channel-rules';
import type { ModeError } from './errors';

/**
 * Applies parsed channel mode changes to a channel (the caller has checked operator status).
 * Returns what actually changed, in order, ready for `formatModeChanges`, and what was refused.
 * No output here. No-op changes (+n when already +n, -o on a non-op) are dropped, as ergo does.
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

function applyOne(input: ModeChangeInput, change: ModeChange, result: ModeChangeResult): void {
  const { channel } = input;
  const { add, mode, arg } = change;
  switch (modeClassOf(mode, CHANNEL_MODE_SPEC)) {
    case 'flags':
      if (channel.modes.has(mode) === add) return;
      if (add) channel.modes.add(mode);
      else channel.modes.delete(mode);
      result.applied.push({ add, mode });
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

/** +o/+v/-o/-v <nick>: the nick must exist (401) and be on the channel (441). */
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
