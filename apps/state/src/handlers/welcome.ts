import {
  ERR_NICKNAMEINUSE,
  ERR_YOUREBANNEDCREEP,
  RPL_CREATED,
  RPL_MYINFO,
  RPL_VISIBLEHOST,
  RPL_WELCOME,
  RPL_YOURHOST,
} from '@portalchat/protocol';
import { sendMotd } from './server-queries';
import { sendLusers } from './network-queries';
import { serverAccessDenial } from '../engine/access';
import { banOn, dropBanned, subjectOf } from '../engine/ban-enforcement';
import { banEnforcerOf } from './server-bans';
import { userPrefix, type CommandContext } from '../engine/context';
import { channelModeLetters, sendIsupport, USER_MODES } from '../engine/isupport';
import { SERVER_VERSION } from '../engine/version';
import { netUserOf } from '../engine/network/to-net';
import { applyAccountLevel } from '../engine/auth/account-level';
import { eventFeedOf } from '../engine/event-feed';
import { serverPasswordMet } from './server-password';

/**
 * Finishes registration once NICK and USER are in and no CAP negotiation holds it
 * (https://ircv3.net/specs/extensions/capability-negotiation: "registration is suspended until
 * CAP END"). Called after NICK, USER and CAP END; does nothing until everything is there.
 */
export function tryCompleteRegistration(ctx: CommandContext): void {
  const { conn, state } = ctx;
  if (conn.user || conn.capNegotiating || !conn.pendingNick || !conn.pendingUser) return;
  if (!serverPasswordMet(ctx)) return;
  const nick = conn.pendingNick;
  // Nicks are only claimed at registration: another client may have registered this one since NICK.
  if (state.userByNick(nick)) {
    conn.pendingNick = undefined;
    ctx.reply(ERR_NICKNAMEINUSE, nick, 'Nickname is already in use');
    return;
  }
  const { username, realname } = conn.pendingUser;
  // IRCX `ACCESS $` / `ACCESS *` DENY: refused like a K-line (465, then ERROR and close), before
  // the user exists anywhere. AUTH accounts of sysops pass, so sysops cannot lock themselves out.
  if (conn.accountLevel !== 'sysop' && conn.accountLevel !== 'admin') {
    const target = {
      nick,
      username,
      hostname: conn.cloakedHost ?? conn.hostname,
      ...(conn.cloakedHost !== undefined ? { realHost: conn.hostname } : {}),
      serverName: state.serverName,
    };
    const denial = serverAccessDenial(state.serverAccess, state.networkAccess, target, ctx.now);
    if (denial !== undefined) {
      ctx.reply(
        ERR_YOUREBANNEDCREEP,
        denial ? `You are banned from this server: ${denial}` : 'You are banned from this server',
      );
      ctx.quit(denial ? `Banned: ${denial}` : 'Banned');
      return;
    }
  }
  // K-, D- and G-lines: 465, then ERROR and close, before the user exists anywhere.
  const banned = banOn(state, subjectOf(conn, username), ctx.now);
  if (banned) {
    dropBanned(banEnforcerOf(ctx), conn, banned.kind, banned.ban);
    return;
  }
  const user = state.registerUser(conn, nick, username, realname, ctx.now);
  // An AUTH account's sysop level becomes +o (+a) now, before the user travels to the network.
  const levelModes = applyAccountLevel(state, user, conn.accountLevel);
  ctx.network.emit({ type: 'user', user: netUserOf(user) });
  conn.pendingNick = undefined;
  conn.pendingUser = undefined;
  // Sysops are exempt from the gateway's flood control, as after OPER.
  ctx.out.registered(conn, nick, levelModes !== '');
  eventFeedOf(state)?.userLogon(user, conn.ip);
  sendWelcome(ctx);
  if (levelModes) ctx.send({ prefix: nick, command: 'MODE', params: [nick, `+${levelModes}`] });
  // The cloak others see (InspIRCd and solanum tell the user so with 396).
  if (user.realHost !== undefined) ctx.reply(RPL_VISIBLEHOST, user.hostname, 'is now your displayed host');
}

/** 001–005, LUSERS and MOTD: what a client sees right after registering. */
function sendWelcome(ctx: CommandContext): void {
  const user = ctx.user;
  if (!user) return;
  const { server } = ctx.config;
  const chanModes = channelModeLetters();
  ctx.reply(RPL_WELCOME, `Welcome to the ${server.network} Network, ${userPrefix(user)}`);
  ctx.reply(RPL_YOURHOST, `Your host is ${server.name}, running version ${SERVER_VERSION}`);
  ctx.reply(RPL_CREATED, `This server was created ${new Date(ctx.state.startedAt).toUTCString()}`);
  ctx.reply(RPL_MYINFO, server.name, SERVER_VERSION, USER_MODES, chanModes.all, chanModes.withParam);
  sendIsupport(ctx);
  sendLusers(ctx);
  sendMotd(ctx);
  // No user modes are set at registration yet, so there is no MODE line to send here.
}
