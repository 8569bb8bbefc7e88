import { RPL_IRCX, type IrcMessage } from '@portalchat/protocol';
import type { CommandContext, CommandSpec } from '../engine/context';
import { sendIsupport } from '../engine/isupport';

/**
 * IRCX discovery and switch-on (draft-04 §5.1): `IRCX`, `ISIRCX` and, before registration only,
 * `MODE ISIRCX` (see mode.ts). All three answer 800 IRCRPL_IRCX, the one IRCX numeric plain
 * sessions may get: they asked for it.
 */

/** 800's fixed fields: protocol version 0 and the 512-byte message limit (RFC 1459). */
const IRCX_VERSION = '0';
const IRCX_MAX_MESSAGE = '512';

/** `800 <state 0|1> 0 <packages> 512 *`, e.g. `:srv 800 nick 1 0 ANON,PLAIN 512 *`. */
export function sendIrcxState(ctx: CommandContext): void {
  const packages = ctx.config.ircx.authPackages.join(',') || '*';
  // No IRCX options are defined, so the last field is `*` as Exchange sent it.
  ctx.reply(RPL_IRCX, ctx.conn.ircx ? '1' : '0', IRCX_VERSION, packages, IRCX_MAX_MESSAGE, '*');
}

// IRCX
function ircx(ctx: CommandContext): void {
  const wasIrcx = ctx.conn.ircx;
  // For good: Exchange offers no way back, and the personality decides what this session is sent.
  ctx.conn.ircx = true;
  if (!wasIrcx) ctx.out.ircx(ctx.conn);
  sendIrcxState(ctx);
  // A registered client got 005 with PREFIX=(qov)~@+; the owner is `.` from now on.
  if (!wasIrcx && ctx.user) sendIsupport(ctx);
}

// ISIRCX
function isIrcx(ctx: CommandContext): void {
  sendIrcxState(ctx);
}

export const ircxCommands: Record<string, CommandSpec> = {
  IRCX: { handler: ircx, minParams: 0, preRegistration: true },
  ISIRCX: { handler: isIrcx, minParams: 0, preRegistration: true },
};

/** `MODE ISIRCX` (upper case, as clients probe with it) before registration: 800 with state 0. */
export function isModeIsIrcx(msg: IrcMessage): boolean {
  return msg.params.length === 1 && msg.params[0] === 'ISIRCX';
}
