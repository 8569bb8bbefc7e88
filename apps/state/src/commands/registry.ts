import {
  ERR_NEEDMOREPARAMS,
  ERR_NOPRIVILEGES,
  ERR_NOTREGISTERED,
  ERR_UNKNOWNCOMMAND,
  type IrcMessage,
} from '@portalchat/protocol';
import type { CommandContext, CommandSpec, RegisteredContext } from '../engine/context';
import { registrationCommands } from '../handlers/registration';
import { userCommands } from '../handlers/user';
import { serverQueryCommands } from '../handlers/server-queries';
import { operCommands } from '../handlers/oper';
import { serverBanCommands } from '../handlers/server-bans';
import { serverLinkCommands } from '../handlers/server-links';
import { channelCommands } from '../handlers/channel';
import { messagingCommands } from '../handlers/messaging';
import { modeCommands } from '../handlers/mode';
import { ircxCommands } from '../handlers/ircx';
import { propCommands } from '../handlers/prop';
import { listxCommands } from '../handlers/listx';
import { whisperCommands } from '../handlers/whisper';
import { dataCommands } from '../handlers/data';
import { eventCommands } from '../handlers/event';
import { authCommands } from '../handlers/auth';
import { authenticateCommands } from '../handlers/authenticate';
import { helpCommands } from '../handlers/help';
import { chathistoryCommands } from '../handlers/chathistory';
import { redactCommands } from '../handlers/redact';
import { multilineCommands } from '../handlers/multiline';
import { presenceCommands } from '../handlers/presence';
import { metadataCommands } from '../handlers/metadata';
import { registerCommands } from '../handlers/register';
import { markreadCommands } from '../handlers/markread';

export const COMMANDS: Readonly<Record<string, CommandSpec>> = Object.freeze({
  ...registrationCommands,
  ...userCommands,
  ...serverQueryCommands,
  ...operCommands,
  ...serverBanCommands,
  ...serverLinkCommands,
  ...channelCommands,
  ...messagingCommands,
  ...chathistoryCommands,
  ...redactCommands,
  ...modeCommands,
  ...ircxCommands,
  ...propCommands,
  ...listxCommands,
  ...whisperCommands,
  ...dataCommands,
  ...eventCommands,
  ...authCommands,
  ...authenticateCommands,
  ...helpCommands,
  ...chathistoryCommands,
  ...redactCommands,
  ...multilineCommands,
  ...presenceCommands,
  ...metadataCommands,
  ...registerCommands,
  ...markreadCommands,
});

/**
 * Runs one parsed client command with the checks every command shares (ergo `Command.Run`):
 * unknown verb → 421, not registered → 451, too few params → 461, not an operator → 481.
 */
export function runCommand(ctx: CommandContext, msg: IrcMessage): void {
  const spec = COMMANDS[msg.command];
  if (!spec || (spec.ircxOnly && !ctx.conn.ircx)) {
    // Before registration silence would confuse clients probing for features; answer 421 like ergo.
    ctx.state.unknownCommandCount++;
    ctx.reply(ERR_UNKNOWNCOMMAND, msg.command, 'Unknown command');
    return;
  }
  if (!ctx.user && !spec.preRegistration) {
    ctx.reply(ERR_NOTREGISTERED, 'You have not registered');
    return;
  }
  if (msg.params.length < spec.minParams) {
    ctx.reply(ERR_NEEDMOREPARAMS, msg.command, 'Not enough parameters');
    return;
  }
  if (spec.operOnly && !ctx.user?.modes.has('o')) {
    ctx.reply(ERR_NOPRIVILEGES, "Permission Denied- You're not an IRC operator");
    return;
  }
  if (spec.resetsIdle) ctx.conn.lastActiveAt = ctx.now;
  ctx.state.countCommand(msg.command);
  spec.handler(ctx as RegisteredContext, msg);
}
