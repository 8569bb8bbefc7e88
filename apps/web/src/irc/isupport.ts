/**
 * The parts of RPL_ISUPPORT (005) the client needs to read channel membership: PREFIX (which
 * status modes exist and the symbols NAMES shows for them), CHANTYPES and CHANMODES (which modes
 * take a parameter). Portalchat sends `PREFIX=(qov).@+` to IRCX sessions and `(qov)~@+` to plain
 * ones; other servers send `(ov)@+` or more.
 */
export interface ServerSupport {
  /** Status modes, highest first (`q`, `o`, `v`), parallel to `prefixSymbols`. */
  prefixModes: string;
  /** The symbols NAMES and WHO use for them (`.` or `~`, `@`, `+`). */
  prefixSymbols: string;
  chanTypes: string;
  /** CHANMODES groups A (lists), B (always a parameter), C (a parameter when set), D (none). */
  chanModes: [string, string, string, string];
  network?: string;
}

/** RFC 2812's defaults, used until the server's 005 arrives. */
export const DEFAULT_SUPPORT: ServerSupport = {
  prefixModes: 'ov',
  prefixSymbols: '@+',
  chanTypes: '#&',
  chanModes: ['beI', 'k', 'l', 'imnpst'],
};

/**
 * Applies the tokens of one 005 line (`params` without the leading nick and the trailing text).
 * A malformed token keeps the value it had: a bad PREFIX must not lose the nick list.
 */
export function applyIsupport(support: ServerSupport, tokens: readonly string[]): ServerSupport {
  let next = support;
  for (const token of tokens) {
    const eq = token.indexOf('=');
    const key = (eq === -1 ? token : token.slice(0, eq)).toUpperCase();
    const value = eq === -1 ? '' : token.slice(eq + 1);
    if (key === 'PREFIX') {
      const match = /^\(([A-Za-z]*)\)(\S*)$/.exec(value);
      if (match && match[1]?.length === match[2]?.length) {
        next = { ...next, prefixModes: match[1] ?? '', prefixSymbols: match[2] ?? '' };
      }
    } else if (key === 'CHANTYPES' && value !== '') {
      next = { ...next, chanTypes: value };
    } else if (key === 'CHANMODES') {
      const groups = value.split(',');
      if (groups.length >= 4) {
        next = { ...next, chanModes: [groups[0] ?? '', groups[1] ?? '', groups[2] ?? '', groups[3] ?? ''] };
      }
    } else if (key === 'NETWORK' && value !== '') {
      next = { ...next, network: value };
    }
  }
  return next;
}

/** True when `target` names a channel (by CHANTYPES; IRCX `%#` channels start with `%`). */
export function isChannelName(support: ServerSupport, target: string): boolean {
  const first = target[0];
  if (first === undefined) return false;
  return support.chanTypes.includes(first) || (first === '%' && support.chanTypes.includes(target[1] ?? ''));
}
