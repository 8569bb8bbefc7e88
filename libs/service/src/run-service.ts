import {
  ConfigError,
  loadHostConfig,
  NatsCredentialsError,
  natsLoginFor,
  natsCaFile,
  type HostConfig,
  type HostConfigOverrides,
} from '@portalchat/config';
import { busUser, gatewayReloadName, inboxPrefixOf, subjects, type BusRole } from '@portalchat/protocol';
import { ConfigReloader } from './config-reload';
import { serveRequests } from './envelope-subscription';
import { Registry } from 'prom-client';
import type { LogFile, Logger } from './logger';
import { createLogger, openLogFile } from './logger';
import { buildHealthServer, listenHealthServer, type Readiness } from './health-server';
import { createMetrics, natsRttGauge, type ServiceMetrics } from './metrics';
import { connectNats, type NatsConnection } from './nats';
import { onShutdown } from './shutdown';
import { serviceArgs, ServiceArgsError } from './service-args';
import { standingByLine, waitForGo } from './standby';

export type ServiceName = keyof HostConfig['listen']['health'];

/** What a service's build function hands back: it neither listens for health nor reads the env. */
export interface ServiceParts {
  readiness: () => Readiness;
  /** May resolve with what it bound (listeners); runService only waits for it. */
  start(): Promise<unknown> | void;
  stop(): Promise<void>;
  /**
   * Takes a reloaded configuration (already validated, with nothing changed that cannot change at
   * run time) and says in a few words what it did; throwing refuses it and keeps the old one.
   */
  reconfigure?(config: HostConfig): string;
}

export interface ServiceDeps {
  config: HostConfig;
  logger: Logger;
  nc: NatsConnection;
  metrics: ServiceMetrics;
}

export interface ServiceDefinition<P = undefined> {
  name: ServiceName;
  /** The service's own string flags besides --config and --log-level (e.g. 'gateway-id'). */
  extraOptions?: readonly string[];
  /** Config overrides from those flags; they go through the schema like the file's values. */
  overrides?: (extra: Record<string, string | undefined>) => HostConfigOverrides;
  /** An instance suffix for the NATS connection name and the log lines (e.g. the gateway ID). */
  instance?: (config: HostConfig) => { id: string; bindings: Record<string, unknown> };
  /**
   * Work that needs no NATS (state's recovery from its files). It runs while the connection is
   * being made, instead of after it, and its result is handed to build.
   */
  prepare?: (deps: Omit<ServiceDeps, 'nc'>) => P;
  build: (deps: ServiceDeps, prepared: P) => ServiceParts;
  /** Whether the service can run as a host's warm spare (`--standby`, see standby.ts). */
  standby?: boolean;
  /**
   * What a spare runs while it stands by, so that the work a promotion starts with runs on code
   * V8 has compiled already (state: its engine on a scratch chat). No I/O, nothing kept.
   */
  rehearse?: (config: HostConfig) => void;
}

/**
 * The whole life of a service process: flags, config, logger, NATS, metrics, the health server,
 * start, and a clean stop on SIGINT/SIGTERM. Usage and configuration mistakes exit 2 with the
 * message alone (they are the operator's to fix); anything else exits 1 with the stack.
 */
export function runService<P = undefined>(def: ServiceDefinition<P>): void {
  start(def).catch((err: unknown) => {
    if (err instanceof ServiceArgsError || err instanceof ConfigError || err instanceof NatsCredentialsError) {
      process.stderr.write(`${def.name}: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `${def.name}: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  });
}

/**
 * SIGHUP reopens the log file (what logrotate's postrotate sends) and never stops the service:
 * Node's default for SIGHUP is to exit, which took a whole host down for a stray `kill -HUP`.
 */
function onHangup(logger: Logger, logFile: LogFile | undefined): void {
  process.on('SIGHUP', () => {
    logFile?.reopen();
    logger.info({ logFile: logFile ? 'reopened' : 'none' }, 'SIGHUP');
  });
}

/** How long a service waits for its NATS password to appear before it gives up (exit 2). */
const NATS_LOGIN_WAIT_MS = 15_000;

/**
 * This service's NATS login. Started beside its NATS (systemd units, containers, a test starting
 * all processes at once), a service may look before that NATS has generated the passwords: the
 * file then appears within moments, so it waits for it (bounded) instead of failing at once.
 */
async function awaitNatsLogin(
  config: HostConfig,
  user: string,
  logger: Logger,
): Promise<{ user: string; pass: string } | undefined> {
  const deadline = Date.now() + NATS_LOGIN_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      return natsLoginFor(config, user);
    } catch (err) {
      if (!(err instanceof NatsCredentialsError) || Date.now() >= deadline) throw err;
      if (!told) logger.info({ user }, 'waiting for the NATS passwords of this host to be generated');
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * A spare's life before its promotion: warm up, say so on stdout, wait for the go. Nothing here
 * opens a file, a port or a connection. Resolves once promoted; exits when the host is gone.
 */
async function standBy<P>({ name, rehearse }: ServiceDefinition<P>, config: HostConfig): Promise<void> {
  // A stray SIGHUP must not end a spare any more than a serving process (see onHangup).
  const ignoreHangup = () => undefined;
  process.on('SIGHUP', ignoreHangup);
  const began = performance.now();
  try {
    await rehearseHealthServer(name);
    rehearse?.(config);
  } catch (err) {
    // Only a head start is lost: a promoted spare still does all of its start for real.
    process.stderr.write(
      `${name}: warm-up failed, standing by anyway: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.stdout.write(`${standingByLine(name, config.server.id, Math.round(performance.now() - began))}\n`);
  const outcome = await waitForGo(process.stdin);
  process.off('SIGHUP', ignoreHangup);
  if (outcome === 'ended') process.exit(0);
  // Nothing more comes on stdin; a pipe left open would only hold the event loop.
  process.stdin.destroy();
}

/**
 * Builds a throwaway health server and asks it once, in memory (fastify's inject: no socket).
 * Measured on a promoted spare under load: building the health server was 100-150 ms of its
 * 200-250 ms start, nearly all of it fastify's code compiled on first use; rehearsed, it is gone.
 */
async function rehearseHealthServer(service: ServiceName): Promise<void> {
  const rehearsal = buildHealthServer({
    service,
    readiness: () => ({ ready: false, reason: 'standing by' }),
    registry: new Registry(),
    logger: createLogger(service, { level: 'silent' }),
  });
  await rehearsal.inject({ method: 'GET', url: '/readyz' });
  await rehearsal.inject({ method: 'GET', url: '/metrics' });
  await rehearsal.close();
}

async function start<P>(def: ServiceDefinition<P>): Promise<void> {
  const args = serviceArgs(process.argv.slice(2), {
    extraOptions: def.extraOptions ?? [],
    standby: def.standby === true,
  });
  const config = loadHostConfig(args.configPath, def.overrides?.(args.extra));
  if (args.standby) await standBy(def, config);
  // From here on a spare does what any start does: its cost is what a promotion costs.
  const began = performance.now();
  const instance = def.instance?.(config);
  // The file's log section sets level and destination; --log-level on the command line wins.
  const logFile = config.log.file === undefined ? undefined : openLogFile(config.log.file);
  const baseLogger = createLogger(def.name, {
    level: args.logLevel ?? config.log.level,
    serverId: config.server.id,
    destination: logFile,
  });
  const logger = instance ? baseLogger.child(instance.bindings) : baseLogger;
  onHangup(logger, logFile);

  const natsName = [def.name, config.server.id, instance?.id].filter((p) => p !== undefined).join('-');
  const role: BusRole = def.name === 'gateway' ? { kind: 'gateway', gatewayId: config.gateway.id } : { kind: def.name };
  const natsCa = natsCaFile(config);
  const connecting = connectNats({
    url: config.nats.url,
    name: natsName,
    logger,
    login: await awaitNatsLogin(config, busUser(role), logger),
    inboxPrefix: inboxPrefixOf(role),
    ...(natsCa === undefined ? {} : { tls: { caFile: natsCa } }),
  });
  const metrics = createMetrics(def.name);
  // If prepare throws, the service exits with its error, not the connection's.
  connecting.catch(() => undefined);
  let prepared = undefined as P;
  if (def.prepare) {
    // Two turns let nats.js open its socket first: the TCP handshake and the server's INFO then
    // arrive while prepare runs (a promoted state's recovery), and the rest takes a turn after.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    prepared = def.prepare({ config, logger, metrics });
  }
  const nc = await connecting;
  natsRttGauge(metrics.registry, nc);

  const service = def.build({ config, logger, nc, metrics }, prepared);
  const health = buildHealthServer({
    service: def.name,
    readiness: service.readiness,
    registry: metrics.registry,
    logger,
  });

  // A reload (issue 14): the host asks over NATS after checking the host file; SIGHUP does the
  // same for a service run on its own (a systemd unit's ExecReload). Both re-read --config.
  const reloader = new ConfigReloader(
    config,
    def.name,
    () => loadHostConfig(args.configPath, def.overrides?.(args.extra), { checkFiles: true }),
    service.reconfigure?.bind(service),
  );
  const reload = (by: string) => {
    const outcome = reloader.reload();
    if (outcome.ok) logger.info({ by, did: outcome.services }, 'configuration reloaded');
    else logger.error({ by, problems: outcome.problems }, 'configuration reload refused; the old one stays');
    return outcome;
  };
  const reloadName = def.name === 'gateway' ? gatewayReloadName(config.gateway.id) : def.name;
  const reloads = serveRequests(nc, subjects.serviceReload(config.server.id, reloadName), logger, (request) =>
    reload(request?.by ?? 'an unreadable request'),
  );
  process.on('SIGHUP', () => reload('SIGHUP'));

  onShutdown(logger, async () => {
    reloads.unsubscribe();
    await health.close();
    await service.stop();
    await nc.drain();
  });

  await service.start();
  const healthAddress = await listenHealthServer(health, config.listen.health[def.name]);
  logger.info(
    { server: config.server.name, health: healthAddress, startMs: Math.round(performance.now() - began) },
    `${def.name} ready to serve`,
  );
}
