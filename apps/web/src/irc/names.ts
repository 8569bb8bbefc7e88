import type { ServerSupport } from './isupport';

/** One entry of a NAMES reply: `@+nick` with multi-prefix, `.nick` for an IRCX owner. */
export interface NamesEntry {
  nick: string;
  /** The status modes the prefixes stand for, highest first (`qo` for `.@nick`). */
  modes: string;
}

/**
 * Splits one NAMES entry into its status modes and the nick. With multi-prefix the server sends
 * every prefix the member has; with `userhost-in-names` a `!user@host` follows the nick (dropped).
 */
export function parseNamesEntry(support: ServerSupport, entry: string): NamesEntry {
  let i = 0;
  let modes = '';
  while (i < entry.length) {
    const at = support.prefixSymbols.indexOf(entry[i] ?? '');
    if (at === -1) break;
    const mode = support.prefixModes[at] ?? '';
    if (!modes.includes(mode)) modes += mode;
    i++;
  }
  const rest = entry.slice(i);
  const bang = rest.indexOf('!');
  return { nick: bang === -1 ? rest : rest.slice(0, bang), modes: sortModes(support, modes) };
}

/** The status modes in the server's order, highest first. */
export function sortModes(support: ServerSupport, modes: string): string {
  return [...modes]
    .filter((m) => support.prefixModes.includes(m))
    .sort((a, b) => support.prefixModes.indexOf(a) - support.prefixModes.indexOf(b))
    .join('');
}

/** The symbol shown before a member's nick: the one of its highest status, or ''. */
export function displayPrefix(support: ServerSupport, modes: string): string {
  const top = modes[0];
  if (top === undefined) return '';
  return support.prefixSymbols[support.prefixModes.indexOf(top)] ?? '';
}

/** The rank of a member for sorting the nick list: 0 is the highest status, members last. */
export function statusRank(support: ServerSupport, modes: string): number {
  const top = modes[0];
  return top === undefined ? support.prefixModes.length : support.prefixModes.indexOf(top);
}

/** The nick of a `nick!user@host` prefix (a server name stays as it is). */
export function nickOf(prefix: string | undefined): string {
  if (prefix === undefined) return '';
  const bang = prefix.indexOf('!');
  return bang === -1 ? prefix : prefix.slice(0, bang);
}
