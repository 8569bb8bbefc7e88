import * as numerics from './numerics';

/**
 * Code → name lookup for logs and debugging, derived from the constants in numerics.ts so it can
 * never drift from them.
 */

/** Alternate names of a code that already has a preferred name (see the notes in numerics.ts). */
export const NUMERIC_ALIASES: ReadonlySet<string> = new Set(['ERR_ALREADYREGISTRED', 'ERR_NEEDREGGEDNICK']);

/** Every numeric constant by name, e.g. `{ RPL_WELCOME: '001', … }`, aliases included. */
export const NUMERICS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    Object.entries(numerics as Record<string, unknown>).filter(
      (entry): entry is [string, string] => /^(RPL|ERR)_/.test(entry[0]) && typeof entry[1] === 'string',
    ),
  ),
);

/** The preferred name of each code, e.g. `NUMERIC_NAMES['001'] === 'RPL_WELCOME'`. */
export const NUMERIC_NAMES: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    Object.entries(NUMERICS)
      .filter(([name]) => !NUMERIC_ALIASES.has(name))
      .map(([name, code]) => [code, name]),
  ),
);
