/**
 * The IRCv3 capabilities this server offers (https://ircv3.net/specs/extensions/capability-negotiation).
 * The one list every handler checks against: `conn.caps.has(CAP.awayNotify)`.
 */
export const CAP = {
  multiPrefix: 'multi-prefix',
  serverTime: 'server-time',
  echoMessage: 'echo-message',
  messageTags: 'message-tags',
  awayNotify: 'away-notify',
  extendedJoin: 'extended-join',
  userhostInNames: 'userhost-in-names',
  inviteNotify: 'invite-notify',
  capNotify: 'cap-notify',
} as const;
export type Cap = (typeof CAP)[keyof typeof CAP];

/**
 * Capability → value advertised to `CAP LS 302` clients ('' = no value). None of ours has a value
 * yet; `sasl=PLAIN` or `sts=…` would go here.
 */
export const SUPPORTED_CAPS: ReadonlyMap<Cap, string> = new Map(Object.values(CAP).map((name) => [name, '']));

export function isSupportedCap(name: string): name is Cap {
  return SUPPORTED_CAPS.has(name as Cap);
}

/** The `CAP LS` version from which cap values and multi-line replies are allowed. */
export const CAP_VERSION_302 = 302;

/**
 * The tokens of a `CAP LS` reply: `name` or, for 302 clients, `name=value` when there is a value.
 */
export function capLsTokens(version: number): string[] {
  const tokens: string[] = [];
  for (const [name, value] of SUPPORTED_CAPS) {
    tokens.push(version >= CAP_VERSION_302 && value ? `${name}=${value}` : name);
  }
  return tokens;
}

/**
 * Splits tokens into space-joined chunks of at most `maxBytes` bytes each, so a reply line
 * stays within the 512-byte limit (RFC 1459 §2.3) with its prefix and params.
 */
export function chunkTokens(tokens: readonly string[], maxBytes: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const token of tokens) {
    const candidate = current ? `${current} ${token}` : token;
    if (current && Buffer.byteLength(candidate) > maxBytes) {
      chunks.push(current);
      current = token;
    } else {
      current = candidate;
    }
  }
  if (current || chunks.length === 0) chunks.push(current);
  return chunks;
}

/** Parses `CAP REQ` params: `a -b c` → [{ name: 'a', enable: true }, { name: 'b', enable: false }, …]. */
export function parseCapRequest(text: string): { name: string; enable: boolean }[] {
  return text
    .split(' ')
    .filter((token) => token.length > 0)
    .map((token) => (token.startsWith('-') ? { name: token.slice(1), enable: false } : { name: token, enable: true }));
}
