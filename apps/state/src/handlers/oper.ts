import type { CommandSpec } from '../commands/registry';

export const operCommands: Record<string, CommandSpec> = {};
