import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { HostConfig } from './types';

/**
 * The passwords of a host's NATS users, one per service role (`state`, `portal`,
 * `gateway-<id>`, and `operator` for tools), kept in `<dataDir>/secrets/nats-credentials.json`
 * (mode 0600, in a 0700 directory). The host generates them the first time it starts its NATS
 * and keeps them: the services, started separately by the host, systemd or a container, read
 * their own from the same file. Nothing else ever holds them: not the command line, not a log,
 * not /readyz.
 */
export interface NatsCredentials {
  version: 1;
  /** By NATS user name. */
  passwords: Record<string, string>;
}

export class NatsCredentialsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NatsCredentialsError';
  }
}

export function natsCredentialsPath(config: Pick<HostConfig, 'dataDir'>): string {
  return join(config.dataDir, 'secrets', 'nats-credentials.json');
}

function parseCredentials(file: string, text: string): NatsCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new NatsCredentialsError(`${file}: not JSON (${(err as Error).message})`);
  }
  const passwords = (parsed as { passwords?: unknown } | null)?.passwords;
  if (
    (parsed as { version?: unknown } | null)?.version !== 1 ||
    typeof passwords !== 'object' ||
    passwords === null ||
    !Object.values(passwords).every((p) => typeof p === 'string' && p.length > 0)
  )
    throw new NatsCredentialsError(`${file}: expected {"version": 1, "passwords": {"<user>": "<password>", …}}`);
  return { version: 1, passwords: passwords as Record<string, string> };
}

/** The credentials file as it is, or undefined when there is none yet. Throws on a damaged file. */
export function readNatsCredentials(config: Pick<HostConfig, 'dataDir'>): NatsCredentials | undefined {
  const file = natsCredentialsPath(config);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new NatsCredentialsError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseCredentials(file, text);
}

/**
 * The credentials with a password for each of `users`: read from the file, any missing user
 * added with a fresh random password, and the file written back (atomically) if it changed.
 */
export function ensureNatsCredentials(config: Pick<HostConfig, 'dataDir'>, users: readonly string[]): NatsCredentials {
  const file = natsCredentialsPath(config);
  const credentials = readNatsCredentials(config) ?? { version: 1, passwords: {} };
  const missing = users.filter((user) => credentials.passwords[user] === undefined);
  if (missing.length === 0) return credentials;
  for (const user of missing) credentials.passwords[user] = randomBytes(24).toString('base64url');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(dirname(file), 0o700);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
  return credentials;
}

/**
 * The user and password a service connects with, or undefined on an open bus (`nats.auth:
 * none`). Throws a message that says what to do when the host has not generated them.
 */
export function natsLoginFor(
  config: { dataDir: string; nats: Pick<HostConfig['nats'], 'auth'> },
  user: string,
): { user: string; pass: string } | undefined {
  if (config.nats.auth === 'none') return undefined;
  const file = natsCredentialsPath(config);
  const pass = readNatsCredentials(config)?.passwords[user];
  if (pass === undefined)
    throw new NatsCredentialsError(
      `no NATS password for "${user}" in ${file}: the host generates it when it starts its NATS ` +
        '(npm run host, or run.js nats) for its services and the gateways listed in nats.gateways; ' +
        'copy that file here if NATS runs on another machine, or set nats.auth: none for a bus you secure yourself',
    );
  return { user, pass };
}
