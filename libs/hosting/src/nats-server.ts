import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { forEachLine, isRunning, LineTail, spawnOwnedChild, terminate } from './child-process';
import { isPortOpen, waitForPort } from './ports';
import type { ServiceExit } from './service';

/** Debian's nats-server package installs here, which is not on a normal user's PATH. */
export const NATS_SERVER_FALLBACKS = ['/usr/sbin/nats-server'] as const;

export const NATS_INSTALL_HINT = 'install it with "sudo apt-get install -y nats-server"';

export class NatsServerNotFoundError extends Error {
  constructor() {
    super(`nats-server not found: ${NATS_INSTALL_HINT}`);
    this.name = 'NatsServerNotFoundError';
  }
}

export class NatsServerStartError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NatsServerStartError';
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The nats-server binary: the first on PATH, else the Debian location. Throws with the fix. */
export function findNatsServer(
  pathVariable: string | undefined = process.env['PATH'],
  fallbacks: readonly string[] = NATS_SERVER_FALLBACKS,
): string {
  const onPath = (pathVariable ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'nats-server'));
  const found = [...onPath, ...fallbacks].find(isExecutable);
  if (!found) throw new NatsServerNotFoundError();
  return found;
}

export interface NatsServerOptions {
  host: string;
  port: number;
  /** JetStream storage directory; required when `jetstream` is true. */
  storeDir?: string;
  jetstream?: boolean;
  /** How long to wait for the port to accept connections. */
  timeoutMs?: number;
  /** Binary to run; found with `findNatsServer()` when absent. */
  binary?: string;
  /** A configuration file for `-c` (the locked bus's users, nats-auth.ts); the flags win over it. */
  configFile?: string;
}

/**
 * The environment nats-server runs with: GOMAXPROCS=1 unless the operator set it. A host's NATS
 * carries only that host's service traffic — many small messages, each a wake-up — and Go's
 * default of one scheduler thread per core spends the difference on handing goroutines between
 * threads. One thread cut nats-server's CPU per message in the fan-out and saturation scenarios
 * and in a two-process ping-pong (the figures: docs/benchmarks.md, "Changes, measured before and
 * after").
 */
export function natsServerEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, GOMAXPROCS: env['GOMAXPROCS'] ?? '1' };
}

export interface RunningNatsServer {
  url: string;
  pid: number;
  /** Resolves when the server has exited, for any reason. */
  exited: Promise<ServiceExit>;
  isRunning(): boolean;
  /** Resolves once the server has exited (SIGKILL after 3 s if it ignores SIGTERM). */
  stop(): Promise<void>;
}

/**
 * nats-server's command line for `options`: bound to host:port, with JetStream in `storeDir`
 * when asked. The one place it is spelled, for startNatsServer and for a NATS run in the
 * foreground under systemd or in a container.
 */
export function natsServerArgs(
  options: Pick<NatsServerOptions, 'host' | 'port' | 'jetstream' | 'storeDir' | 'configFile'>,
): string[] {
  const args = [
    ...(options.configFile ? ['-c', options.configFile] : []),
    '-a',
    options.host,
    '-p',
    String(options.port),
  ];
  if (options.jetstream) {
    if (!options.storeDir) throw new NatsServerStartError('nats-server: jetstream needs a storeDir');
    args.push('-js', '-sd', options.storeDir);
  }
  return args;
}

/** Starts a nats-server bound to host:port and resolves once the port accepts connections. */
export async function startNatsServer(options: NatsServerOptions): Promise<RunningNatsServer> {
  const { host, port, jetstream = false, timeoutMs = 5000 } = options;
  const binary = options.binary ?? findNatsServer();
  // Otherwise the readiness poll below would be answered by whoever holds the port.
  if (await isPortOpen(host, port))
    throw new NatsServerStartError(`cannot start nats-server: ${host}:${port} is already in use`);
  const args = natsServerArgs({ host, port, jetstream, storeDir: options.storeDir, configFile: options.configFile });
  if (jetstream && options.storeDir !== undefined) mkdirSync(options.storeDir, { recursive: true });

  const child = spawnOwnedChild(binary, args, { env: natsServerEnv() });
  const tail = new LineTail(15);
  // nats-server logs to stderr; keep the tail to explain an early exit.
  forEachLine(child.stdout, (line) => tail.push(line));
  forEachLine(child.stderr, (line) => tail.push(line));
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  const exited = new Promise<ServiceExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: null, signal: null }));
  });

  const url = `nats://${host}:${port}`;
  const diedEarly = (): Error | undefined => {
    if (spawnError)
      return new NatsServerStartError(`nats-server failed to start: ${spawnError.message}`, { cause: spawnError });
    if (isRunning(child)) return undefined;
    const status = child.exitCode !== null ? `code ${child.exitCode}` : `signal ${child.signalCode}`;
    return new NatsServerStartError(`nats-server for ${url} exited early (${status}):\n${tail.toString()}`);
  };

  try {
    await waitForPort(host, port, timeoutMs, diedEarly);
  } catch (err) {
    await terminate(child, 500);
    throw diedEarly() ?? err;
  }
  return { url, pid: child.pid ?? -1, exited, isRunning: () => isRunning(child), stop: () => terminate(child) };
}
