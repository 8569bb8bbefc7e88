import type { HostConfig } from '@portalchat/config';
import { saslMechanismList, type AuthOfferConfig } from './auth';
import { MULTILINE_MAX_BYTES, MULTILINE_MAX_LINES } from './multiline-limits';
import { METADATA_CAP_VALUE } from './metadata-limits';

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
  // issue 13, framing: batches, labeled responses.
  batch: 'batch',
  labeledResponse: 'labeled-response',
  /** Valued with its limits: see CAP_VALUES. */
  multiline: 'draft/multiline',
  // IRCv3 presence (issue 13)
  accountNotify: 'account-notify',
  accountTag: 'account-tag',
  chghost: 'chghost',
  setname: 'setname',
  extendedMonitor: 'extended-monitor',
  /** The draft name of extended-monitor, which clients and irctest still ask for (ergo offers both). */
  draftExtendedMonitor: 'draft/extended-monitor',
  /** RENAME (engine/channel-rename.ts), network-wide. */
  channelRename: 'draft/channel-rename',
  /** METADATA (engine/metadata.ts), network-wide; valued with its limits for 302 clients. */
  metadata: 'draft/metadata-2',
  /** Offered only when AUTHENTICATE has a mechanism to offer: see offeredCaps. */
  sasl: 'sasl',
  /** Strict Transport Security, advertised only when client TLS is configured: see stsValue. */
  sts: 'sts',
  // ── History (issue 13): offered only while the host file keeps history (HISTORY_CAPS) ──
  chathistory: 'draft/chathistory',
  eventPlayback: 'draft/event-playback',
  messageRedaction: 'draft/message-redaction',
  // ── Accounts (issue 13) ──
  /** Offered while `auth.registration` is on, valued `before-connect` when allowed: see offeredCaps. */
  accountRegistration: 'draft/account-registration',
  readMarker: 'draft/read-marker',
} as const;
export type Cap = (typeof CAP)[keyof typeof CAP];

/** The capabilities that need history kept (config `history.enabled`): REDACT removes from it too. */
const HISTORY_CAPS: ReadonlySet<Cap> = new Set([CAP.chathistory, CAP.eventPlayback, CAP.messageRedaction]);

/** Values of capabilities that have one (issue 13: draft/multiline's limits, engine/multiline-limits.ts). */
const CAP_VALUES: Partial<Record<Cap, string>> = {
  [CAP.multiline]: `max-bytes=${MULTILINE_MAX_BYTES},max-lines=${MULTILINE_MAX_LINES}`,
  [CAP.metadata]: METADATA_CAP_VALUE,
};

/**
 * The capabilities offered whatever the configuration → value advertised to `CAP LS 302` clients
 * ('' = no value). `sasl` and `sts` are not among them: offeredCaps adds them.
 */
export const SUPPORTED_CAPS: ReadonlyMap<Cap, string> = new Map(
  Object.values(CAP)
    .filter(
      (name) => name !== CAP.sasl && name !== CAP.sts && name !== CAP.accountRegistration && !HISTORY_CAPS.has(name),
    )
    .map((name) => [name, CAP_VALUES[name] ?? '']),
);

/**
 * Every capability this configuration offers: SUPPORTED_CAPS, plus `sasl` valued with its
 * mechanisms (`sasl=PLAIN`, IRCv3 sasl-3.2) when there are any; without one, sasl-3.2 says the
 * server "MUST NOT advertise" it and "MUST NAK" a request for it.
 */
export function offeredCaps(config: CapOfferConfig, secure: boolean): ReadonlyMap<Cap, string> {
  const mechanisms = saslMechanismList(config);
  const sts = stsValue(config, secure);
  const history = config.history.enabled;
  const { registration, registrationBeforeConnect } = config.auth;
  if (mechanisms === '' && sts === undefined && !history && !registration) return SUPPORTED_CAPS;
  const offered = new Map(SUPPORTED_CAPS);
  if (history) for (const name of HISTORY_CAPS) offered.set(name, '');
  if (mechanisms !== '') offered.set(CAP.sasl, mechanisms);
  if (sts !== undefined) offered.set(CAP.sts, sts);
  // No `email-required`: no mail server is involved (handlers/register.ts).
  if (registration) offered.set(CAP.accountRegistration, registrationBeforeConnect ? 'before-connect' : '');
  return offered;
}

/** What the offer depends on: the SASL mechanisms, and the TLS listeners for `sts`. */
export type CapOfferConfig = AuthOfferConfig & {
  listen: Pick<HostConfig['listen'], 'ircTls'>;
  history: Pick<HostConfig['history'], 'enabled'>;
  auth: Pick<HostConfig['auth'], 'registration' | 'registrationBeforeConnect'>;
};

/**
 * The `sts` value (https://ircv3.net/specs/extensions/sts), or undefined when this server has no
 * TLS listener: on a plain connection, the port of the first TLS listener ("an insecure
 * connection … MUST advertise port"), which tells the client to reconnect there; on a TLS
 * connection the policy's `duration`, how long the client must keep to TLS (0 drops the policy).
 */
export function stsValue(config: CapOfferConfig, secure: boolean): string | undefined {
  const [listener] = config.listen.ircTls;
  if (config.tls === undefined || listener === undefined) return undefined;
  return secure ? `duration=${config.tls.stsDurationSeconds}` : `port=${listener.port}`;
}

/** Whether a client may `CAP REQ` `name`: offered, and not `sts` ("Clients MUST NOT request" it). */
export function isSupportedCap(name: string, offered: ReadonlyMap<Cap, string> = SUPPORTED_CAPS): name is Cap {
  return offered.has(name as Cap) && name !== CAP.sts;
}

/** The `CAP LS` version from which cap values and multi-line replies are allowed. */
export const CAP_VERSION_302 = 302;

/**
 * The tokens of a `CAP LS` reply: `name` or, for 302 clients, `name=value` when there is a value.
 */
export function capLsTokens(version: number, offered: ReadonlyMap<Cap, string> = SUPPORTED_CAPS): string[] {
  const tokens: string[] = [];
  for (const [name, value] of offered) {
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
