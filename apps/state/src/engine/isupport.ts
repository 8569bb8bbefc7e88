import type { HostConfig } from '@portalchat/config';
import { CHANNEL_MODE_SPEC, CHANNEL_PREFIXES, RPL_ISUPPORT } from '@portalchat/protocol';
import type { CommandContext } from './context';
import { ELIST_SUPPORTED } from './list-filter';
import { prefixSymbols } from './membership-view';
import { CHATHISTORY_MAX } from './history/limits';
import { BOT_MODE } from './sender-tags';

/**
 * RPL_ISUPPORT (005) tokens (https://modern.ircdocs.horse/#rplisupport-005). Each one must tell
 * the truth about what the handlers do: a client trusts these to decide what to send.
 */

/** "Servers SHOULD send no more than 13 tokens per RPL_ISUPPORT line" (Modern IRC). */
export const ISUPPORT_TOKENS_PER_LINE = 13;

/** The trailing text of every 005 line. */
export const ISUPPORT_TRAILER = 'are supported by this server';

/**
 * User modes this server knows, as 004 lists them (see handlers/user-mode.ts): IRCX adds a (sysop
 * manager) and z (gag; listing the letter tells nobody who has it); B is bot-mode's.
 */
export const USER_MODES = 'Baioswz' as const;

/** Channel types: RFC `#` and `&`, and IRCX `%` (`%#`/`%&` Unicode names, draft-04 §3.1). */
export const CHANTYPES = CHANNEL_PREFIXES;

/** Channel modes from the shared spec: all letters (004 field 4) and those taking a param (field 5). */
const CHANNEL_MODE_LETTERS: Readonly<{ all: string; withParam: string }> = (() => {
  const s = CHANNEL_MODE_SPEC;
  const sorted = (letters: string) => [...letters].sort().join('');
  return Object.freeze({
    all: sorted(s.lists + s.alwaysArg + s.setArg + s.prefix + s.flags),
    withParam: sorted(s.lists + s.alwaysArg + s.setArg + s.prefix),
  });
})();

/** The spec is a constant, so are its letters: sorted once, not for every client's welcome. */
export function channelModeLetters(): Readonly<{ all: string; withParam: string }> {
  return CHANNEL_MODE_LETTERS;
}

/** Optional features that depend on other handlers; off until those handlers support them. */
export interface IsupportFeatures {
  /** `PRIVMSG @#chan` (STATUSMSG=@+). */
  statusMsg?: boolean;
  /** LIST filters, e.g. 'MNU' (ELIST). */
  elist?: string;
  /** LIST cannot flood a client off (SAFELIST). */
  safeList?: boolean;
}

/**
 * The tokens, in a stable order. PREFIX depends on the session: IRCX sessions see the owner as `.`,
 * plain ones as `~` (see membership-view.ts), so a session that turns IRCX on gets 005 again.
 */
export function isupportTokens(config: HostConfig, features: IsupportFeatures = {}, ircx = false): string[] {
  const l = config.limits;
  const s = CHANNEL_MODE_SPEC;
  // STATUSMSG names only what messaging.ts delivers (`@#chan`, `+#chan`), whatever PREFIX says.
  const statusSymbols = '@+';
  const tokens = [
    `AWAYLEN=${l.awayLength}`,
    'CASEMAPPING=rfc1459',
    `CHANLIMIT=${CHANTYPES}:${l.maxChannelsPerUser}`,
    // draft/chathistory (issue 13): the most lines one CHATHISTORY answers, and how messages are named.
    ...(config.history.enabled ? [`CHATHISTORY=${CHATHISTORY_MAX}`] : []),
    `CHANMODES=${s.lists},${s.alwaysArg},${s.setArg},${s.flags}`,
    `CHANNELLEN=${l.channelLength}`,
    `CHANTYPES=${CHANTYPES}`,
    ...(features.elist ? [`ELIST=${features.elist}`] : []),
    'EXCEPTS=e',
    'INVEX=I',
    `KICKLEN=${l.kickLength}`,
    `MAXLIST=${s.lists}:${l.maxListEntries}`,
    `MAXTARGETS=${l.maxTargets}`,
    `MODES=${l.modesPerCommand}`,
    ...(config.history.enabled ? ['MSGREFTYPES=timestamp,msgid'] : []),
    `NETWORK=${config.server.network}`,
    `NICKLEN=${l.nickLength}`,
    `PREFIX=(${s.prefix})${prefixSymbols(ircx)}`,
    ...(features.safeList ? ['SAFELIST'] : []),
    ...(features.statusMsg ? [`STATUSMSG=${statusSymbols}`] : []),
    `TARGMAX=KICK:${l.maxTargets},NOTICE:${l.maxTargets},PRIVMSG:${l.maxTargets},USERHOST:${USERHOST_MAX_NICKS},WHOIS:${l.maxTargets}`,
    `TOPICLEN=${l.topicLength}`,
    `USERLEN=${l.userLength}`,
    // The engine refuses every line that was not UTF-8 with FAIL INVALID_UTF8 (engine.ts).
    'UTF8ONLY',
    'WHOX',
    // IRCv3 presence (issue 13): bot-mode's user mode, MONITOR's list size, SETNAME's limit.
    `BOT=${BOT_MODE}`,
    `MONITOR=${l.monitorEntries}`,
    `NAMELEN=${l.realnameLength}`,
  ];
  return tokens;
}

/** USERHOST answers at most this many nicks (RFC 2812 §4.8). */
export const USERHOST_MAX_NICKS = 5;

/** The tokens grouped into lines of at most ISUPPORT_TOKENS_PER_LINE tokens. */
export function isupportLines(config: HostConfig, features?: IsupportFeatures, ircx = false): string[][] {
  const tokens = isupportTokens(config, features, ircx);
  const lines: string[][] = [];
  for (let i = 0; i < tokens.length; i += ISUPPORT_TOKENS_PER_LINE) {
    lines.push(tokens.slice(i, i + ISUPPORT_TOKENS_PER_LINE));
  }
  return lines;
}

/**
 * What the other handlers support today, so 005 never promises more than the server does:
 * LIST filters come from list-filter.ts, messaging.ts delivers `@#chan`/`+#chan`. No SAFELIST:
 * a LIST over many channels is written in one go and could still overrun the client's SendQ.
 */
export const ENABLED_FEATURES: IsupportFeatures = Object.freeze({ elist: ELIST_SUPPORTED, statusMsg: true });

/**
 * The 005 lines with ENABLED_FEATURES, per host file (a reload brings a new object) and
 * personality: the same for every client, so worked out once rather than in every welcome burst.
 */
const enabledLines = new WeakMap<HostConfig, { irc?: string[][]; ircx?: string[][] }>();

export function enabledIsupportLines(config: HostConfig, ircx: boolean): readonly (readonly string[])[] {
  let known = enabledLines.get(config);
  if (!known) enabledLines.set(config, (known = {}));
  const personality = ircx ? 'ircx' : 'irc';
  return (known[personality] ??= isupportLines(config, ENABLED_FEATURES, ircx));
}

/** Sends the 005 lines to the asking client (welcome burst and VERSION). */
export function sendIsupport(ctx: CommandContext): void {
  for (const tokens of enabledIsupportLines(ctx.config, ctx.conn.ircx)) {
    ctx.reply(RPL_ISUPPORT, ...tokens, ISUPPORT_TRAILER);
  }
}
