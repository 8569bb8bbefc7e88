import {
  ERR_NOSUCHNICK,
  ERR_UMODEUNKNOWNFLAG,
  ERR_USERSDONTMATCH,
  RPL_UMODEIS,
  type IrcMessage,
} from '@portalchat/protocol';
import { userPrefix, type RegisteredContext } from '../engine/context';
import { isSysop } from '../engine/levels';
import type { ChatState } from '../model/chat-state';
import type { User } from '../model/types';
import type { NetOutbox } from '../engine/network/net-outbox';
import { umodeEventOf } from '../engine/network/to-net';

/**
 * User modes (https://modern.ircdocs.horse/#user-modes): i invisible, w wallops, s server notices,
 * o operator (IRCX sysop); IRCX adds a (sysop manager) and z (gag, draft-04 §6.1.9).
 * +o and +a are only granted by OPER, so `MODE nick +o` is ignored silently; -o drops both.
 * z is set by sysops on anyone (`MODE <nick> +z`) and never shown to the gagged user.
 * B marks a bot (IRCv3 bot-mode, ISUPPORT BOT=B): WHOIS 335, WHO flag B, the `bot` tag.
 */
export const SETTABLE_USER_MODES = 'Bisw' as const;
const KNOWN_USER_MODES = `${SETTABLE_USER_MODES}aoz`;
/** Modes no client may give itself: OPER grants o and a, sysops give z. */
const GRANTED_ONLY = 'aoz';
/** Modes the user itself never sees (221, its own MODE echoes): the gag. */
const HIDDEN_FROM_SELF = 'z';

/** `+iw`: the modes of a user as 221 and MODE show them to the user (`+` alone when none). */
export function userModeString(user: User): string {
  return `+${[...user.modes]
    .filter((m) => !HIDDEN_FROM_SELF.includes(m))
    .sort()
    .join('')}`;
}

/** Applies a user mode string; returns the changes applied (`+i-w`) and whether a letter was unknown. */
export function applyUserModes(
  state: ChatState,
  user: User,
  modeString: string,
): { applied: string; unknown: boolean } {
  let adding = true;
  let unknown = false;
  let applied = '';
  let appliedSign = '';
  const note = (letter: string, on: boolean) => {
    const sign = on ? '+' : '-';
    if (sign !== appliedSign) applied += appliedSign = sign;
    applied += letter;
  };
  for (const letter of modeString) {
    if (letter === '+' || letter === '-') {
      adding = letter === '+';
      continue;
    }
    if (!KNOWN_USER_MODES.includes(letter)) {
      unknown = true;
      continue;
    }
    // Only OPER grants o/a; a gagged user cannot lift (or learn of) its gag.
    if ((adding && GRANTED_ONLY.includes(letter)) || letter === 'z') continue;
    if (adding === user.modes.has(letter)) continue; // no change, nothing to announce
    state.setUserMode(user, letter, adding);
    note(letter, adding);
    if (letter === 'o') {
      user.operName = undefined;
      // A sysop manager is a sysop first: losing o loses a too.
      if (user.modes.has('a')) {
        state.setUserMode(user, 'a', false);
        note('a', false);
      }
    }
  }
  return { applied, unknown };
}

/** Tells the network a user's modes; they travel whole (`iow`), so applying twice is harmless. */
export function emitUserModes(ctx: { network: NetOutbox; user?: User }, user: User | undefined = ctx.user): void {
  if (user) ctx.network.emit(umodeEventOf(user));
}

/**
 * MODE <nick> [<modestring>]: called by the MODE dispatcher (handlers/mode.ts) when the target is
 * not a channel. Only your own modes can be seen or changed (502 otherwise), except the gag.
 */
export function handleUserMode(ctx: RegisteredContext, msg: IrcMessage): void {
  const [targetName = '', modeString] = msg.params;
  const target = ctx.state.userByNick(targetName);
  if (!target) {
    ctx.reply(ERR_NOSUCHNICK, targetName, 'No such nick/channel');
    return;
  }
  if (modeString !== undefined && isGagChange(modeString) && isSysop(ctx.user)) {
    gag(ctx, target, modeString);
    return;
  }
  if (target !== ctx.user) {
    ctx.reply(
      ERR_USERSDONTMATCH,
      modeString === undefined ? "Can't view modes for other users" : "Can't change mode for other users",
    );
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

/** `+z`, `-z`, `+z-z`…: a mode string that only gags or ungags. */
function isGagChange(modeString: string): boolean {
  return /^[-+]*z[-+z]*$/.test(modeString);
}

/**
 * `MODE <nick> +z|-z` by a sysop, on any user of the network. Only the sysop sees the MODE line;
 * the target is never told (no MODE, no 221 letter). The whole mode set travels as `umode`, and
 * the target's own server applies the z of it (see apply-users.ts applyUmode).
 */
function gag(ctx: RegisteredContext, target: User, modeString: string): void {
  // The last z decides (`+z-z` ungags), as a sequence of changes would end.
  let on = true;
  let adding = true;
  for (const c of modeString) {
    if (c === '+' || c === '-') adding = c === '+';
    else on = adding;
  }
  if (target.modes.has('z') === on) return;
  ctx.state.setUserMode(target, 'z', on);
  ctx.send({ prefix: userPrefix(ctx.user), command: 'MODE', params: [target.nick, on ? '+z' : '-z'] });
  emitUserModes(ctx, target);
}
