import { RPL_STATSDLINE, RPL_STATSGLINE, RPL_STATSKLINE, type IrcMessage } from '@portalchat/protocol';
import { userPrefix, type CommandContext, type CommandSpec, type RegisteredContext } from '../engine/context';
import { enforceBan, type BanEnforcer } from '../engine/ban-enforcement';
import {
  BAN_LABEL,
  findBan,
  isLive,
  mergeBan,
  normalizeIpMask,
  normalizeUserHostMask,
  parseBanRequest,
  pruneBans,
} from '../engine/server-bans';
import type { ServerBan, ServerBanKind } from '../model/types';

/**
 * Operator bans (issue 12): KLINE (user@host, this server), DLINE (IP or CIDR, this server), GLINE
 * (user@host, the whole network) and their UN- commands. Replies are server NOTICEs, as solanum
 * and InspIRCd send them; users the new ban covers are dropped at once (465, ERROR).
 */

function notice(ctx: RegisteredContext, text: string): void {
  ctx.send({ prefix: ctx.config.server.name, command: 'NOTICE', params: [ctx.user.nick, text] });
}

/** The ban enforcer of a command: its connection ends are the command context's. */
export function banEnforcerOf(ctx: CommandContext): BanEnforcer {
  return {
    state: ctx.state,
    out: ctx.out,
    serverName: ctx.config.server.name,
    now: ctx.now,
    disconnect: (conn, reason, quitMessage) => ctx.disconnect(conn, reason, quitMessage),
  };
}

/**
 * The mask to ban for what the operator typed: a nick on the network stands for its real host
 * (`*@host` for K/G, its IP for D, as solanum does), otherwise the mask itself, checked.
 */
function banMask(ctx: RegisteredContext, kind: ServerBanKind, typed: string): { mask: string } | { problem: string } {
  const user =
    !typed.includes('@') && !typed.includes('.') && !typed.includes(':') ? ctx.state.userByNick(typed) : undefined;
  if (kind === 'D') {
    const ip = user ? (user.local?.ip ?? user.ip) : typed;
    const mask = ip === undefined ? undefined : normalizeIpMask(ip);
    return mask ? { mask } : { problem: 'not an IP address or CIDR block' };
  }
  return normalizeUserHostMask(user ? `*@${user.local?.hostname ?? user.realHost ?? user.hostname}` : typed);
}

// KLINE [<minutes>] <user@host> [:<reason>]   (also InspIRCd's KLINE <user@host> <duration> :<reason>; DLINE, GLINE alike)
function addBan(kind: ServerBanKind) {
  return (ctx: RegisteredContext, msg: IrcMessage): void => {
    const label = BAN_LABEL[kind];
    const request = parseBanRequest(msg.params);
    if (!request) return;
    const checked = banMask(ctx, kind, request.mask);
    if ('problem' in checked) {
      notice(ctx, `Invalid ${label} [${request.mask}]: ${checked.problem}`);
      return;
    }
    const list = ctx.state.serverBans[kind];
    pruneBans(list, ctx.now);
    const held = list[findBan(list, checked.mask)];
    if (held && isLive(held, ctx.now)) {
      notice(ctx, `[${held.mask}] already ${label}d by ${held.setBy}: ${held.reason}`);
      return;
    }
    const ban: ServerBan = {
      mask: checked.mask,
      setBy: userPrefix(ctx.user),
      setAt: ctx.now,
      expiresAt: request.minutes === 0 ? 0 : ctx.now + request.minutes * 60_000,
      reason: request.reason || 'No reason given',
    };
    mergeBan(list, ban, ctx.now);
    if (kind === 'G') ctx.network.emit({ type: 'gline', ban: { ...ban } });
    const span = request.minutes === 0 ? 'permanent' : `temporary ${request.minutes} min.`;
    notice(ctx, `Added ${span} ${label} [${ban.mask}]: ${ban.reason}`);
    const dropped = enforceBan(banEnforcerOf(ctx), kind, ban);
    if (dropped > 0 && ctx.state.connections.has(ctx.conn.key)) {
      notice(ctx, `${label} [${ban.mask}] disconnected ${dropped} user${dropped === 1 ? '' : 's'} here`);
    }
  };
}

// UNKLINE <user@host>   (UNDLINE <ip/cidr>, UNGLINE <user@host> alike)
function removeBan(kind: ServerBanKind) {
  return (ctx: RegisteredContext, msg: IrcMessage): void => {
    const label = BAN_LABEL[kind];
    const [typed = ''] = msg.params;
    const key = removalKey(kind, typed);
    const list = ctx.state.serverBans[kind];
    pruneBans(list, ctx.now);
    const index = findBan(list, key);
    const held = list[index];
    if (!held || !isLive(held, ctx.now)) {
      notice(ctx, `No ${label} for [${key}]`);
      return;
    }
    if (kind === 'G') {
      // A tombstone, so a server that missed the removal cannot bring the ban back in a burst.
      const tombstone: ServerBan = {
        ...held,
        setBy: userPrefix(ctx.user),
        setAt: Math.max(ctx.now, held.setAt + 1),
        removed: true,
      };
      list[index] = tombstone;
      ctx.network.emit({ type: 'gline', ban: { ...tombstone } });
    } else {
      list.splice(index, 1);
    }
    notice(ctx, `${label} for [${held.mask}] is removed`);
  };
}

/** The stored form of the mask an UN- command names (as typed when it is not a valid mask). */
function removalKey(kind: ServerBanKind, typed: string): string {
  if (kind === 'D') return normalizeIpMask(typed) ?? typed;
  const checked = normalizeUserHostMask(typed);
  return 'mask' in checked ? checked.mask : typed;
}

const STATS_NUMERIC: Readonly<Record<ServerBanKind, string>> = {
  K: RPL_STATSKLINE,
  D: RPL_STATSDLINE,
  G: RPL_STATSGLINE,
};

/**
 * STATS k / d / g: one line per live ban, `<mask> <set time> <expiry time, 0 = never> <setter>
 * :<reason>` (times in seconds since the epoch, as InspIRCd's xline stats); the caller ends with 219.
 */
export function sendBanStats(ctx: CommandContext, kind: ServerBanKind): void {
  const list = ctx.state.serverBans[kind];
  pruneBans(list, ctx.now);
  for (const ban of list) {
    if (!isLive(ban, ctx.now)) continue;
    const expires = ban.expiresAt === 0 ? '0' : String(Math.floor(ban.expiresAt / 1000));
    ctx.reply(STATS_NUMERIC[kind], ban.mask, String(Math.floor(ban.setAt / 1000)), expires, ban.setBy, ban.reason);
  }
}

export const serverBanCommands: Record<string, CommandSpec> = {
  KLINE: { handler: addBan('K'), minParams: 1, operOnly: true },
  DLINE: { handler: addBan('D'), minParams: 1, operOnly: true },
  GLINE: { handler: addBan('G'), minParams: 1, operOnly: true },
  UNKLINE: { handler: removeBan('K'), minParams: 1, operOnly: true },
  UNDLINE: { handler: removeBan('D'), minParams: 1, operOnly: true },
  UNGLINE: { handler: removeBan('G'), minParams: 1, operOnly: true },
};
