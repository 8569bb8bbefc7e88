import type { CommandSpec } from '../commands/registry';
import { channelInfoCommands } from './channel-info';
import { channelOpsCommands } from './channel-ops';
import { joinPartCommands } from './join-part';

/** The channel family: JOIN PART (join-part.ts), TOPIC NAMES LIST (channel-info.ts), INVITE KICK (channel-ops.ts). */
export const channelCommands: Record<string, CommandSpec> = {
  ...joinPartCommands,
  ...channelInfoCommands,
  ...channelOpsCommands,
};
