import type { CommandSpec } from '../commands/registry';

export const userCommands: Record<string, CommandSpec> = {};
