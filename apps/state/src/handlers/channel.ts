import type { CommandSpec } from '../commands/registry';

export const channelCommands: Record<string, CommandSpec> = {};
