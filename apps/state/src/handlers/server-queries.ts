import type { CommandSpec } from '../commands/registry';

export const serverQueryCommands: Record<string, CommandSpec> = {};
