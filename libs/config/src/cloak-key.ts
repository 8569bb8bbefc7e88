import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { HostConfig } from './types';

/**
 * The cloaking key when the host file gives none: `<dataDir>/secrets/cloak-key` (mode 0600, in a
 * 0700 directory), generated the first time state starts and kept, so cloaks stay the same across
 * restarts. A network whose servers must show one user alike configures `cloaking.key` on each
 * (or copies this file). Like the NATS credentials, it never appears in a log or on a health port.
 */

export class CloakKeyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CloakKeyError';
  }
}

export function cloakKeyPath(config: Pick<HostConfig, 'dataDir'>): string {
  return join(config.dataDir, 'secrets', 'cloak-key');
}

/** The key in the file, made (atomically) when there is none yet. Throws on a file that is not a key. */
export function ensureCloakKey(config: Pick<HostConfig, 'dataDir'>): string {
  const file = cloakKeyPath(config);
  try {
    const key = readFileSync(file, 'utf8').trim();
    if (!/^[!-~]{16,256}$/.test(key)) {
      throw new CloakKeyError(`${file}: expected a key of 16–256 printable characters (delete it to make a new one)`);
    }
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      if (err instanceof CloakKeyError) throw err;
      throw new CloakKeyError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
    }
  }
  const key = randomBytes(32).toString('base64url');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(dirname(file), 0o700);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${key}\n`, { mode: 0o600 });
  renameSync(temporary, file);
  return key;
}

/**
 * The config the state engine runs with: a configured key as it is, else the data directory's
 * (generated if need be). With cloaking off the key is not needed and nothing is written.
 */
export function withCloakKey(config: HostConfig): HostConfig {
  if (!config.cloaking.enabled || config.cloaking.key !== '') return config;
  return { ...config, cloaking: { ...config.cloaking, key: ensureCloakKey(config) } };
}
