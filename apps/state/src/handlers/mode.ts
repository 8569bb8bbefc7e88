import { CHANNEL_PREFIXES, type IrcMessage } from '@portalchat/protocol';
import type { CommandSpec } from '../commands/registry';
import type { RegisteredContext } from '../engine/context';
import { handleChannelMode } from './channel-mode';
import { handleUserMode } from './user-mode';

// MODE <target> [<modestring> [<mode arguments>…]]
function handleMode(ctx: RegisteredContext, msg: IrcMessage): void {
  const target = msg.params[0] ?? '';
  if (CHANNEL_PREFIXES.includes(target[0] as string)) handleChannelMode(ctx, msg);
  else handleUserMode(ctx, msg);
}

export const modeCommands: Record<string, CommandSpec> = {
  MODE: { handler: handleMode, minParams: 1 },
};
