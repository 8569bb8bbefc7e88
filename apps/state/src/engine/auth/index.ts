import { anonMechanism } from './anon';
import type { AuthMechanism } from './mechanism';
import { plainMechanism } from './plain';

export type { AuthEnv, AuthMechanism, AuthResult } from './mechanism';
export { applyAccountLevel } from './account-level';

/** Every mechanism this server implements; config.ircx.authPackages chooses which are offered. */
const MECHANISMS: ReadonlyMap<string, AuthMechanism> = new Map([anonMechanism, plainMechanism].map((m) => [m.name, m]));

/** The mechanism for an AUTH package name, when it is implemented AND offered; else undefined. */
export function offeredMechanism(name: string, offered: readonly string[]): AuthMechanism | undefined {
  const upper = name.toUpperCase();
  return offered.includes(upper) ? MECHANISMS.get(upper) : undefined;
}
