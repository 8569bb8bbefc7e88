import {
  ERR_MONLISTFULL,
  ERR_NEEDMOREPARAMS,
  ERR_NOSUCHNICK,
  RPL_ENDOFMONLIST,
  RPL_MONLIST,
  RPL_MONOFFLINE,
  RPL_MONONLINE,
  ircLower,
  isValidNick,
  unicodeNickFromHex,
  type IrcMessage,
} from '@portalchat/protocol';
import { userPrefix, type CommandSpec, type RegisteredContext } from '../engine/context';
import { setRealname, setUserHost } from '../engine/presence-changes';

/** IRCv3 presence commands: MONITOR, SETNAME, and the sysops' CHGHOST. */

/** Bytes of comma-joined targets per 730-733 line, leaving room for the prefix and the nick. */
const TARGETS_PER_LINE_BYTES = 400;

// MONITOR + <target>{,<target>} | MONITOR - <target>{,<target>} | MONITOR C | MONITOR L | MONITOR S
function monitor(ctx: RegisteredContext, msg: IrcMessage): void {
  const [op = '', targetList] = msg.params;
  const action = op.toUpperCase();
  if ((action === '+' || action === '-') && targetList === undefined) {
    ctx.reply(ERR_NEEDMOREPARAMS, 'MONITOR', 'Not enough parameters');
    return;
  }
  const targets = (targetList ?? '').split(',').filter((t) => t !== '');
  switch (action) {
    case '+':
      return monitorAdd(ctx, targets);
    case '-':
      for (const target of targets) ctx.state.removeMonitor(ctx.conn, unicodeNickFromHex(target) ?? target);
      return;
    case 'C':
      ctx.state.clearMonitors(ctx.conn);
      return;
    case 'L':
      for (const line of commaLines([...(ctx.conn.monitoring?.values() ?? [])])) ctx.reply(RPL_MONLIST, line);
      ctx.reply(RPL_ENDOFMONLIST, 'End of MONITOR list');
      return;
    case 'S':
      return replyStatus(ctx, [...(ctx.conn.monitoring?.values() ?? [])]);
    default:
      ctx.reply(ERR_NEEDMOREPARAMS, 'MONITOR', 'Not enough parameters');
  }
}

/**
 * Adds targets until the list is full (734 names the ones left out), then says which of those
 * added are online (730) and offline (731). A target that is not a nick (a mask) is skipped: the
 * spec allows only nicks, so that nobody can follow a host across nick changes.
 */
function monitorAdd(ctx: RegisteredContext, targets: string[]): void {
  const added: string[] = [];
  const nickLength = ctx.config.limits.nickLength;
  for (const [i, given] of targets.entries()) {
    // A plain client names a Unicode nick by its `^hex`: follow the nick itself, so its sign-on is seen.
    const target = unicodeNickFromHex(given) ?? given;
    if (!isValidNick(target, nickLength, { unicode: true })) continue;
    if (ctx.conn.monitoring?.has(ircLower(target))) continue;
    const limit = ctx.config.limits.monitorEntries;
    if ((ctx.conn.monitoring?.size ?? 0) >= limit) {
      ctx.reply(ERR_MONLISTFULL, String(limit), targets.slice(i).join(','), 'Monitor list is full.');
      break;
    }
    ctx.state.addMonitor(ctx.conn, target);
    added.push(target);
  }
  replyStatus(ctx, added);
}

/** 730 for the targets online (as `nick!user@host`), 731 for the others (as given). */
function replyStatus(ctx: RegisteredContext, targets: string[]): void {
  const online: string[] = [];
  const offline: string[] = [];
  for (const target of targets) {
    const user = ctx.state.userByNick(target);
    if (user) online.push(userPrefix(user));
    else offline.push(target);
  }
  for (const line of commaLines(online)) ctx.reply(RPL_MONONLINE, line);
  for (const line of commaLines(offline)) ctx.reply(RPL_MONOFFLINE, line);
}

/** Comma-joined chunks that each fit one reply line. */
function commaLines(items: readonly string[]): string[] {
  const lines: string[] = [];
  let current = '';
  for (const item of items) {
    if (current !== '' && Buffer.byteLength(current) + 1 + Buffer.byteLength(item) > TARGETS_PER_LINE_BYTES) {
      lines.push(current);
      current = '';
    }
    current = current === '' ? item : `${current},${item}`;
  }
  if (current !== '') lines.push(current);
  return lines;
}

// SETNAME :<realname>
function setname(ctx: RegisteredContext, msg: IrcMessage): void {
  const realname = msg.params[0] ?? '';
  if (realname === '' || realname.length > ctx.config.limits.realnameLength) {
    // Standard replies (https://ircv3.net/specs/extensions/setname#errors).
    ctx.send({
      prefix: ctx.config.server.name,
      command: 'FAIL',
      params: ['SETNAME', 'INVALID_REALNAME', 'Realname is not valid'],
    });
    return;
  }
  setRealname(ctx, ctx.user, realname);
}

/** A visible host: DNS name or address characters, no wildcard, at most 63 bytes (as a cloak). */
const VALID_HOST = /^[A-Za-z0-9][A-Za-z0-9.:/-]{0,62}$/;

// CHGHOST <nick> <host>   (sysops; the user's visible host, as InspIRCd's and UnrealIRCd's)
function chghost(ctx: RegisteredContext, msg: IrcMessage): void {
  const [nick = '', host = ''] = msg.params;
  const target = ctx.state.userByNick(nick);
  if (!target) {
    ctx.reply(ERR_NOSUCHNICK, nick, 'No such nick/channel');
    return;
  }
  if (!VALID_HOST.test(host)) {
    ctx.send({
      prefix: ctx.config.server.name,
      command: 'FAIL',
      params: ['CHGHOST', 'INVALID_HOST', host, 'Invalid host'],
    });
    return;
  }
  setUserHost(ctx, target, target.username, host);
}

export const presenceCommands: Record<string, CommandSpec> = {
  MONITOR: { handler: monitor, minParams: 1 },
  SETNAME: { handler: setname, minParams: 1 },
  CHGHOST: { handler: chghost, minParams: 2, operOnly: true },
};
