import { ERR_INVALIDCAPCMD, type IrcMessage } from '@portalchat/protocol';
import type { CommandContext, CommandSpec } from '../engine/context';
import { targetNick } from '../engine/context';
import {
  CAP,
  CAP_VERSION_302,
  capLsTokens,
  chunkTokens,
  isSupportedCap,
  offeredCaps,
  parseCapRequest,
} from '../engine/caps';
import { abortSaslExchange } from './authenticate';
import { tryCompleteRegistration } from './welcome';

/**
 * IRCv3 capability negotiation (https://ircv3.net/specs/extensions/capability-negotiation).
 * Before registration, LS and REQ suspend registration until END.
 */

/** Bytes for the cap list in one line: 512 minus CR-LF, the server prefix, `CAP <nick> LS * :`. */
const CAP_LIST_BYTES = 400;

function sendCap(ctx: CommandContext, sub: string, ...params: string[]): void {
  ctx.send({ prefix: ctx.config.server.name, command: 'CAP', params: [targetNick(ctx.conn), sub, ...params] });
}

/** Sends a cap list; 302 clients get it split over lines marked `*` except the last. */
function sendCapList(ctx: CommandContext, sub: 'LS' | 'LIST', tokens: string[]): void {
  if (ctx.conn.capVersion < CAP_VERSION_302) {
    sendCap(ctx, sub, tokens.join(' '));
    return;
  }
  const chunks = chunkTokens(tokens, CAP_LIST_BYTES);
  chunks.forEach((chunk, i) => {
    if (i < chunks.length - 1) sendCap(ctx, sub, '*', chunk);
    else sendCap(ctx, sub, chunk);
  });
}

/** Registration waits for CAP END once the client starts negotiating. */
function holdRegistration(ctx: CommandContext): void {
  if (!ctx.user) ctx.conn.capNegotiating = true;
}

// CAP LS [<version>]
function capLs(ctx: CommandContext, msg: IrcMessage): void {
  holdRegistration(ctx);
  const version = Number.parseInt(msg.params[1] ?? '', 10);
  if (Number.isFinite(version) && version > ctx.conn.capVersion) ctx.conn.capVersion = version;
  // "Clients that negotiate CAP LS 302 or later implicitly have cap-notify enabled" (cap-notify spec).
  if (ctx.conn.capVersion >= CAP_VERSION_302) ctx.conn.caps.add(CAP.capNotify);
  sendCapList(ctx, 'LS', capLsTokens(ctx.conn.capVersion, offeredCaps(ctx.config, ctx.conn.tls)));
}

// CAP LIST
function capList(ctx: CommandContext): void {
  sendCapList(ctx, 'LIST', [...ctx.conn.caps]);
}

// CAP REQ :<cap> [-<cap> …]   (all or nothing: one unknown cap NAKs the whole request)
function capReq(ctx: CommandContext, msg: IrcMessage): void {
  holdRegistration(ctx);
  const text = msg.params[1] ?? '';
  const request = parseCapRequest(text);
  const offered = offeredCaps(ctx.config, ctx.conn.tls);
  const acceptable =
    request.length > 0 &&
    request.every(({ name, enable }) => isSupportedCap(name, offered) && (enable || !impliedCap(ctx, name)));
  if (!acceptable) {
    sendCap(ctx, 'NAK', text);
    return;
  }
  for (const { name, enable } of request) {
    if (enable) ctx.conn.caps.add(name);
    else ctx.conn.caps.delete(name);
  }
  sendCap(ctx, 'ACK', text);
}

/** cap-notify cannot be turned off by a 302 client: it is implied by the version. */
function impliedCap(ctx: CommandContext, name: string): boolean {
  return name === CAP.capNotify && ctx.conn.capVersion >= CAP_VERSION_302;
}

// CAP END
function capEnd(ctx: CommandContext): void {
  if (ctx.user) return;
  // sasl-3.1: registering mid-exchange aborts it (906) and registers the client without an account.
  abortSaslExchange(ctx);
  ctx.conn.capNegotiating = false;
  tryCompleteRegistration(ctx);
}

// CAP <subcommand> [<params>…]
function cap(ctx: CommandContext, msg: IrcMessage): void {
  const [subcommand = ''] = msg.params;
  const sub = subcommand.toUpperCase();
  switch (sub) {
    case 'LS':
      return capLs(ctx, msg);
    case 'LIST':
      return capList(ctx);
    case 'REQ':
      return capReq(ctx, msg);
    case 'END':
      return capEnd(ctx);
    default:
      ctx.reply(ERR_INVALIDCAPCMD, subcommand, 'Invalid CAP command');
  }
}

export const capCommands: Record<string, CommandSpec> = {
  CAP: { handler: cap, minParams: 1, preRegistration: true },
};
