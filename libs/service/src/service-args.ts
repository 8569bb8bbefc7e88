import { parseArgs, type ParseArgsConfig } from 'node:util';
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
  /** `--standby`: load everything, then wait for the go on stdin (see standby.ts). */
  standby: boolean;
}

export interface ServiceArgsOptions {
  /** The service's own string options (e.g. ['gateway-id']). */
  extraOptions?: readonly string[];
  /** Whether `--standby` is accepted (the services that can run as a warm spare). */
  standby?: boolean;
}

/**
 * Parses a service's command line: `--config <file>` (required), `--log-level <level>`, the
 * string options a service adds (`extraOptions`, e.g. ['gateway-id']) and `--standby` where
 * the service accepts it. Throws ServiceArgsError.
 */
export function serviceArgs(argv: readonly string[], options: ServiceArgsOptions = {}): ServiceArgs {
  const { extraOptions = [], standby = false } = options;
  const extraSpec = Object.fromEntries(extraOptions.map((name) => [name, { type: 'string' as const }]));
  const standbySpec: ParseArgsConfig['options'] = standby ? { standby: { type: 'boolean' } } : {};
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { config: { type: 'string' }, 'log-level': { type: 'string' }, ...extraSpec, ...standbySpec },
      strict: true,
      allowPositionals: false,
    }));
  } catch (cause) {
    throw new ServiceArgsError(`${(cause as Error).message}\n${usage(options)}`, { cause });
  }
  const configPath = values.config;
  if (typeof configPath !== 'string' || configPath === '') {
    throw new ServiceArgsError(`missing --config <file> (the host's YAML configuration)\n${usage(options)}`);
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
  return { configPath, logLevel, extra, standby: values.standby === true };
}

function usage({ extraOptions = [], standby = false }: ServiceArgsOptions): string {
  const extras = extraOptions.map((name) => ` [--${name} <value>]`).join('');
  return `usage: --config <file> [--log-level <${LOG_LEVELS.join('|')}>]${extras}${standby ? ' [--standby]' : ''}`;
}
