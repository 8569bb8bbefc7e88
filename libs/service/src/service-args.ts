import { parseArgs } from 'node:util';
import { isLogLevel, LOG_LEVELS, type LogLevel } from './logger';

/** The command line was unusable; the message says what to pass instead. */
export class ServiceArgsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServiceArgsError';
  }
}

export interface ServiceArgs {
  configPath: string;
  logLevel?: LogLevel;
  /** Values of the service's own string options (e.g. `gateway-id`), when given. */
  extra: Record<string, string | undefined>;
}

/**
 * Parses a service's command line: `--config <file>` (required), `--log-level <level>` and the
 * string options a service adds (`extraOptions`, e.g. ['gateway-id']). Throws ServiceArgsError.
 */
export function serviceArgs(argv: readonly string[], extraOptions: readonly string[] = []): ServiceArgs {
  const extraSpec = Object.fromEntries(extraOptions.map((name) => [name, { type: 'string' as const }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { config: { type: 'string' }, 'log-level': { type: 'string' }, ...extraSpec },
      strict: true,
      allowPositionals: false,
    }));
  } catch (cause) {
    throw new ServiceArgsError(`${(cause as Error).message}\n${usage(extraOptions)}`, { cause });
  }
  const configPath = values.config;
  if (typeof configPath !== 'string' || configPath === '') {
    throw new ServiceArgsError(`missing --config <file> (the host's YAML configuration)\n${usage(extraOptions)}`);
  }
  const logLevel = values['log-level'];
  if (logLevel !== undefined && (typeof logLevel !== 'string' || !isLogLevel(logLevel))) {
    throw new ServiceArgsError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got ${String(logLevel)}`);
  }
  const extra: Record<string, string | undefined> = {};
  for (const name of extraOptions) {
    const value = values[name];
    extra[name] = typeof value === 'string' ? value : undefined;
  }
  return { configPath, logLevel, extra };
}

function usage(extraOptions: readonly string[]): string {
  const extras = extraOptions.map((name) => ` [--${name} <value>]`).join('');
  return `usage: --config <file> [--log-level <${LOG_LEVELS.join('|')}>]${extras}`;
}
