import type { CommandSpec } from '../commands/registry';

export const modeCommands: Record<string, CommandSpec> = {};
