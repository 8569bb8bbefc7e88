import type { CommandSpec } from '../engine/context';
import { accessCommands } from './access';
import { channelInfoCommands } from './channel-info';
import { channelOpsCommands } from './channel-ops';
import { channelRenameCommands } from './channel-rename';
import { createCommands } from './create';
import { joinPartCommands } from './join-part';

/**
 * The channel family: JOIN PART (join-part.ts), TOPIC NAMES LIST (channel-info.ts), INVITE KICK
 * (channel-ops.ts), RENAME (channel-rename.ts), and IRCX CREATE (create.ts) and ACCESS (access.ts).
 */
export const channelCommands: Record<string, CommandSpec> = {
  ...joinPartCommands,
  ...channelInfoCommands,
  ...channelOpsCommands,
  ...channelRenameCommands,
  ...createCommands,
  ...accessCommands,
};
