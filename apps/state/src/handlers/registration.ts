import type { CommandSpec } from '../commands/registry';

export const registrationCommands: Record<string, CommandSpec> = {};
