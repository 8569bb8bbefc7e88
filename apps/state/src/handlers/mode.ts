import { ERR_NEEDMOREPARAMS, ERR_NOTREGISTERED, hasChannelPrefix, type IrcMessage } from '@portalchat/protocol';
import type { CommandContext, CommandSpec, RegisteredContext } from '../engine/context';
import { handleChannelMode } from './channel-mode';
import { isModeIsIrcx, sendIrcxState } from './ircx';
import { handleUserMode } from './user-mode';

// MODE <target> [<modestring> [<mode arguments>…]]
// Usable before registration for one form only: `MODE ISIRCX`, the IRCX probe (draft-04 §5.1.1),
// answered with 800. After registration ISIRCX is just a nick, as on Exchange.
function handleMode(ctx: CommandContext, msg: IrcMessage): void {
  if (!ctx.user) {
    if (isModeIsIrcx(msg)) sendIrcxState(ctx);
    else ctx.reply(ERR_NOTREGISTERED, 'You have not registered');
    return;
  }
  // minParams is 0 so an unregistered MODE gets 451 rather than 461; registered ones check here.
  if (msg.params.length < 1) {
    ctx.reply(ERR_NEEDMOREPARAMS, 'MODE', 'Not enough parameters');
    return;
  }
  const registered = ctx as RegisteredContext;
  const target = msg.params[0] ?? '';
  if (hasChannelPrefix(target)) handleChannelMode(registered, msg);
  else handleUserMode(registered, msg);
}

export const modeCommands: Record<string, CommandSpec> = {
  MODE: { handler: handleMode, minParams: 0, preRegistration: true },
};
