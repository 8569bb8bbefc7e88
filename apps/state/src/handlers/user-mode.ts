import {
  ERR_NOSUCHNICK,
  ERR_UMODEUNKNOWNFLAG,
  ERR_USERSDONTMATCH,
  RPL_UMODEIS,
  type IrcMessage,
} from '@portalchat/protocol';
import type { RegisteredContext } from '../engine/context';
import type { ChatState } from '../model/chat-state';
import type { User } from '../model/types';

/**
 * User modes (https://modern.ircdocs.horse/#user-modes): i invisible, w wallops, s server notices,
 * o operator. +o is only granted by OPER, so `MODE nick +o` is ignored silently; -o drops it.
 */
export const SETTABLE_USER_MODES = 'isw' as const;
const KNOWN_USER_MODES = `${SETTABLE_USER_MODES}o`;

/** `+iw`: the modes of a user as 221 and MODE show them (`+` alone when none). */
export function userModeString(user: User): string {
  return `+${[...user.modes].sort().join('')}`;
}

/** Applies a user mode string; returns the changes applied (`+i-w`) and whether a letter was unknown. */
export function applyUserModes(state: ChatState, user: User, modeString: string): { applied: string; unknown: boolean } {
  let adding = true;
  let unknown = false;
  let applied = '';
  let appliedSign = '';
  for (const letter of modeString) {
    if (letter === '+' || letter === '-') {
      adding = letter === '+';
      continue;
    }
    if (!KNOWN_USER_MODES.includes(letter)) {
      unknown = true;
      continue;
    }
    if (adding && letter === 'o') continue; // only OPER grants +o
    if (adding === user.modes.has(letter)) continue; // no change, nothing to announce
    state.setUserMode(user, letter, adding);
    if (letter === 'o') user.operName = undefined;
    const sign = adding ? '+' : '-';
    if (sign !== appliedSign) applied += appliedSign = sign;
    applied += letter;
  }
  return { applied, unknown };
}

/** Tells the network a user's modes; they travel whole (`iow`), so applying twice is harmless. */
export function emitUserModes(ctx: RegisteredContext): void {
  const { user } = ctx;
  const modes = [...user.modes].sort().join('');
  ctx.network.emit(user.operName ? { type: 'umode', uid: user.uid, modes, operName: user.operName } : { type: 'umode', uid: user.uid, modes });
}

/**
 * MODE <nick> [<modestring>]: called by the MODE dispatcher (handlers/mode.ts) when the target is
 * not a channel. Only your own modes can be seen or changed (502 otherwise).
 */
export function handleUserMode(ctx: RegisteredContext, msg: IrcMessage): void {
  const [targetName = '', modeString] = msg.params;
  const target = ctx.state.userByNick(targetName);
  if (!target) {
    ctx.reply(ERR_NOSUCHNICK, targetName, 'No such nick/channel');
    return;
  }
  if (target !== ctx.user) {
    ctx.reply(ERR_USERSDONTMATCH, modeString === undefined ? "Can't view modes for other users" : "Can't change mode for other users");
    return;
  }
  if (modeString === undefined) {
    ctx.reply(RPL_UMODEIS, userModeString(ctx.user));
    return;
  }
  const wasOper = ctx.user.modes.has('o');
  const { applied, unknown } = applyUserModes(ctx.state, ctx.user, modeString);
  if (unknown) ctx.reply(ERR_UMODEUNKNOWNFLAG, 'Unknown MODE flag');
  if (applied) {
    ctx.send({ prefix: ctx.user.nick, command: 'MODE', params: [ctx.user.nick, applied] });
    emitUserModes(ctx);
  }
  // A deopered user loses its flood exemption at the gateway.
  if (wasOper && !ctx.user.modes.has('o')) ctx.out.registered(ctx.conn, ctx.user.nick, false);
}
