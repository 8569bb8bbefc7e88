import type { ModeChange } from '@portalchat/protocol';
import type { Channel } from '../../model/types';
import { announceModeChanges } from '../mode-announce';
import type { NetApplyContext } from './apply-context';
import type { Stamp } from '../history/record';

/**
 * Changes per MODE line a server sends on its own (netjoin ops, TS wipes): a few, so masks and
 * nicks always fit in one line, as TS6 servers split theirs.
 */
const CHANGES_PER_LINE = 6;

/** Shows mode changes the network made to every member, from `source` (a server or a user). */
export function announceModes(
  ctx: NetApplyContext,
  channel: Channel,
  source: string,
  changes: readonly ModeChange[],
  stamp?: Stamp,
): void {
  // A user's MODE is one line at its origin: it keeps the origin's stamp (and goes to history)
  // when it still fits one line here.
  if (stamp && changes.length <= CHANGES_PER_LINE) {
    announceModeChanges(ctx, channel, source, changes, stamp);
    return;
  }
  for (let i = 0; i < changes.length; i += CHANGES_PER_LINE) {
    announceModeChanges(ctx, channel, source, changes.slice(i, i + CHANGES_PER_LINE));
  }
}

/** Takes every member's o/v away (an older channel won): the `-o nick` changes to show. */
export function wipePrefixes(channel: Channel): ModeChange[] {
  const changes: ModeChange[] = [];
  for (const m of channel.members.values()) {
    for (const mode of [...m.modes].sort()) changes.push({ add: false, mode, arg: m.user.nick });
    m.modes.clear();
  }
  return changes;
}
