import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { crossFieldProblems, listenerProblems } from './cross-checks';
import { ConfigError, describeReadError } from './errors';
import { formatProblem, problemsFromIssues } from './problems';
import { redirectProblems } from './redirect-targets';
import { hostConfigSchema } from './schema';
import type { Endpoint, HostConfig, OperatorAccount, PortalConfig } from './types';
import { parseYaml } from './yaml-text';

type PartialEndpoint = Partial<Endpoint>;

/**
 * Values that win over the file (the `host` CLI's flags). Mappings merge key by key; lists and
 * plain values replace what the file has (`operators: [...]` replaces the file's operators);
 * `undefined` leaves the file's value alone, so a CLI can pass its flags through unfiltered.
 * `dataDir`, `motdFile` and `log.file` given here are relative to the current directory, as on a
 * command line.
 * Overrides are validated like the file, and a bad one is reported against the file's name.
 */
export interface HostConfigOverrides {
  server?: Partial<HostConfig['server']>;
  listen?: {
    irc?: PartialEndpoint[];
    ircTls?: PartialEndpoint[];
    websocket?: Array<PartialEndpoint & { tls?: boolean }>;
    health?: { gateway?: PartialEndpoint; state?: PartialEndpoint; portal?: PartialEndpoint };
    portal?: PartialEndpoint;
    control?: PartialEndpoint;
  };
  nats?: Partial<HostConfig['nats']>;
  /** `cert` and `key` relative to the current directory, as on a command line. */
  tls?: Partial<NonNullable<HostConfig['tls']>>;
  dataDir?: string;
  log?: Partial<HostConfig['log']>;
  gateway?: Partial<HostConfig['gateway']>;
  limits?: Partial<HostConfig['limits']>;
  flood?: Partial<HostConfig['flood']>;
  motd?: string[] | string;
  motdFile?: string;
  admin?: Partial<HostConfig['admin']>;
  operators?: Array<Omit<OperatorAccount, 'level'> & { level?: OperatorAccount['level'] }>;
  portals?: Array<Omit<PortalConfig, 'port' | 'uplink'> & { port?: number; uplink?: boolean }>;
}

export interface LoadOptions {
  /**
   * Also read the files the config names for the gateway (`tls.cert`, `tls.key`) and report one
   * that is unreadable, not PEM, or a key of another certificate: `--check` and the host process
   * at start. Services do not: only the gateway uses them, and it checks them itself.
   */
  checkFiles?: boolean;
}

/** Reads, validates and freezes one host file. Throws ConfigError listing every problem. */
export function loadHostConfig(path: string, overrides?: HostConfigOverrides, options: LoadOptions = {}): HostConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`${path}: cannot read: ${describeReadError(err)}`], { cause: err });
  }
  return parseHostConfig(text, path, overrides, options);
}

/**
 * Validates YAML text as a host file. `source` names it in messages; relative paths inside
 * resolve against its directory (the current directory for the default `<inline>`).
 */
export function parseHostConfig(
  text: string,
  source = '<inline>',
  overrides?: HostConfigOverrides,
  options: LoadOptions = {},
): HostConfig {
  const yaml = parseYaml(text, source);
  if (!yaml.ok) throw new ConfigError(yaml.problems);

  // An empty file is an empty mapping: it then reports the missing required fields.
  const raw = applyOverrides(yaml.value ?? {}, overrides);
  const baseDir = source === '<inline>' ? process.cwd() : dirname(resolve(source));
  const result = hostConfigSchema({ source, baseDir, checkFiles: options.checkFiles }).safeParse(raw, {
    reportInput: true,
  });

  // Cross-field rules run even when fields fail, so one pass reports everything.
  const problems = [
    ...(result.success
      ? [...listenerProblems(result.data), ...redirectProblems(result.data)]
      : problemsFromIssues(result.error.issues)),
    ...crossFieldProblems(raw),
  ];
  if (!result.success || problems.length > 0) throw new ConfigError(problems.map((p) => formatProblem(source, p)));
  return deepFreeze(result.data);
}

function applyOverrides(raw: unknown, overrides: HostConfigOverrides | undefined): unknown {
  if (overrides === undefined) return raw;
  const fromCommandLine: Record<string, unknown> = { ...overrides };
  for (const key of ['dataDir', 'motdFile'] as const) {
    if (typeof overrides[key] === 'string') fromCommandLine[key] = resolve(overrides[key]);
  }
  if (overrides.tls !== undefined) {
    const tls: Record<string, unknown> = { ...overrides.tls };
    for (const key of ['cert', 'key'] as const) {
      if (typeof overrides.tls[key] === 'string') tls[key] = resolve(overrides.tls[key]);
    }
    fromCommandLine.tls = tls;
  }
  if (typeof overrides.log?.file === 'string')
    fromCommandLine.log = { ...overrides.log, file: resolve(overrides.log.file) };
  return merge(raw, fromCommandLine);
}

function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = merge(base[key], value);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Freezes the whole tree: services share one config object and none may change it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
