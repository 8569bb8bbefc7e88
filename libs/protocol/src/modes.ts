/**
 * Pure mode-string math: which changes does `MODE <target> <modes> <args…>` ask for, and how is a
 * list of applied changes written back as one MODE line. No state, no permission checks: those are
 * the state service's job. Grammar: Modern IRC "MODE message" and the CHANMODES ISUPPORT token
 * (https://modern.ircdocs.horse/#mode-message, https://modern.ircdocs.horse/#chanmodes-parameter).
 */

/**
 * Which mode letters exist and how they take arguments, one string of letters per CHANMODES class.
 * A letter must appear in at most one class.
 */
export interface ModeSpec {
  /** Type A: list modes (b, e, I). Always take a mask; without one they are a list query. */
  readonly lists: string;
  /** Type B: always take an argument, on + and on − (k: `-k key`, like modern servers). */
  readonly alwaysArg: string;
  /** Type C: take an argument only when set (l: `+l 10`, `-l`). */
  readonly setArg: string;
  /** Membership prefixes (o, v): always take a nick. */
  readonly prefix: string;
  /** Type D: flags, never take an argument. */
  readonly flags: string;
}

/**
 * The channel modes this server knows: RFC 2811's plus IRCX's (draft-04 §6): q owner;
 * a authonly, d cloneable, f noformat, h hidden, r registered, u knock, w nowhisper,
 * x auditorium, z service; and S, secure only: only clients connected with TLS may join
 * (charybdis/solanum's letter, since IRCX already has z, InspIRCd's). IRCX's `e` (clone) is not a settable mode: `e` stays the
 * exception list here, and a clone shows `e` only in what IRCX sessions see (324, LISTX).
 * Who may set which flag is the state service's rule, not the parser's.
 */
export const CHANNEL_MODE_SPEC: ModeSpec = Object.freeze({
  lists: 'beI',
  alwaysArg: 'k',
  setArg: 'l',
  prefix: 'qov',
  flags: 'adfhimnprstuwxzS',
});

export interface ModeChange {
  add: boolean;
  /** One mode letter. */
  mode: string;
  arg?: string;
}

export interface ParsedModes {
  /** Changes in the order given, each with its argument when its class takes one. */
  changes: ModeChange[];
  /** List modes given without a mask (`MODE #c b`, `MODE #c +e`): the client asks for the list. */
  listQueries: string[];
  /** Letters the spec does not know, each once, in the order first seen (472 once per letter). */
  unknown: string[];
  /** Changes that needed an argument and ran out of them (the `arg` is absent). */
  missingArg: ModeChange[];
}

/** The class of a mode letter under a spec, or undefined when the spec does not know it. */
export type ModeClass = 'lists' | 'alwaysArg' | 'setArg' | 'prefix' | 'flags';

export function modeClassOf(mode: string, spec: ModeSpec): ModeClass | undefined {
  if (spec.lists.includes(mode)) return 'lists';
  if (spec.alwaysArg.includes(mode)) return 'alwaysArg';
  if (spec.setArg.includes(mode)) return 'setArg';
  if (spec.prefix.includes(mode)) return 'prefix';
  if (spec.flags.includes(mode)) return 'flags';
  return undefined;
}

/**
 * Splits a mode string and its arguments into changes. Letters before any sign count as `+`
 * (`MODE #c b` is `+b`). Unknown letters take no argument, so a typo does not shift the others.
 * `-k` without an argument is still accepted (solanum/InspIRCd let `-k` drop the key unseen).
 * Arguments left over are ignored, as every server does.
 */
export function parseModeString(modes: string, args: readonly string[], spec: ModeSpec): ParsedModes {
  const result: ParsedModes = { changes: [], listQueries: [], unknown: [], missingArg: [] };
  let add = true;
  let next = 0;
  // One pass over the letters; every branch consumes at most one argument, so this is bounded.
  for (const mode of modes) {
    if (mode === '+' || mode === '-') {
      add = mode === '+';
      continue;
    }
    const cls = modeClassOf(mode, spec);
    if (!cls) {
      if (!result.unknown.includes(mode)) result.unknown.push(mode);
      continue;
    }
    const takesArg = cls === 'lists' || cls === 'alwaysArg' || cls === 'prefix' || (cls === 'setArg' && add);
    if (!takesArg) {
      result.changes.push({ add, mode });
      continue;
    }
    if (next < args.length) {
      result.changes.push({ add, mode, arg: args[next++] });
    } else if (cls === 'lists') {
      if (!result.listQueries.includes(mode)) result.listQueries.push(mode);
    } else if (cls === 'alwaysArg' && !add) {
      result.changes.push({ add, mode });
    } else {
      result.missingArg.push({ add, mode });
    }
  }
  return result;
}

/**
 * Writes changes as MODE params: one mode word with merged signs, then the arguments in order.
 * `[+o alice, +v bob, -k key]` → `['+ov-k', 'alice', 'bob', 'key']`; no changes → `[]`.
 */
export function formatModeChanges(changes: readonly ModeChange[]): string[] {
  if (changes.length === 0) return [];
  let word = '';
  const args: string[] = [];
  let sign: boolean | undefined;
  for (const change of changes) {
    if (change.add !== sign) {
      word += change.add ? '+' : '-';
      sign = change.add;
    }
    word += change.mode;
    if (change.arg !== undefined) args.push(change.arg);
  }
  return [word, ...args];
}
