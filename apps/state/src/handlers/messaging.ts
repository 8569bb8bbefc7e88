import type { CommandSpec } from '../commands/registry';

export const messagingCommands: Record<string, CommandSpec> = {};
