import type { ServerSupport } from './isupport';

/** One change of a channel MODE line: `+o nick`, `-k`, `+l 10`. */
export interface ModeChange {
  adding: boolean;
  mode: string;
  param?: string;
}

/**
 * Splits `MODE #chan <modes> <params…>` into single changes, taking parameters as CHANMODES and
 * PREFIX say (status modes and groups A and B always, C only when set). A change whose parameter
 * is missing is dropped, as the server would never send it.
 */
export function parseModeChanges(support: ServerSupport, modes: string, params: readonly string[]): ModeChange[] {
  const [listModes, alwaysParam, paramWhenSet] = support.chanModes;
  const changes: ModeChange[] = [];
  let adding = true;
  let next = 0;
  for (const mode of modes) {
    if (mode === '+' || mode === '-') {
      adding = mode === '+';
      continue;
    }
    const takes =
      support.prefixModes.includes(mode) ||
      listModes.includes(mode) ||
      alwaysParam.includes(mode) ||
      (adding && paramWhenSet.includes(mode));
    if (!takes) {
      changes.push({ adding, mode });
      continue;
    }
    const param = params[next++];
    if (param !== undefined) changes.push({ adding, mode, param });
  }
  return changes;
}
