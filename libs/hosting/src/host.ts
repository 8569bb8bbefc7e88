import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadHostConfig, type HostConfig, type HostConfigOverrides } from '@portalchat/config';
import { writeEffectiveConfig } from './effective-config';
import { HOST_SERVICES, type HostServiceSpec } from './host-services';
import type { OutputMode } from './log-format';
import { startNatsServer } from './nats-server';
import { isPortOpen } from './ports';
import { healthBaseUrl, waitReady } from './readiness';
import { startService, type RunningService, type ServiceExit } from './service';

export interface HostOptions {
  configPath: string;
  /** Values that win over the file (see HostConfigOverrides in @portalchat/config). */
  overrides?: HostConfigOverrides;
  /** Where the built services are (default `<cwd>/dist`). */
  distDir?: string;
  /** Host-level progress messages (default: none). */
  log?: (message: string) => void;
  /** How the services' output is forwarded (default pretty). */
  output?: OutputMode;
  write?: (line: string) => void;
  /** Per service, how long /readyz may take (default 10 s; a healthy host needs well under 1 s). */
  readyTimeoutMs?: number;
  /** Called once if a service exits while the host is meant to be running. */
  onServiceExit?: (service: string, exit: ServiceExit) => void;
  services?: readonly HostServiceSpec[];
}

export interface RunningHost {
  config: HostConfig;
  nats: { url: string; pid?: number; reused: boolean };
  /** The services running now, in start order (a restarted one replaces its old entry). */
  services: RunningService[];
  /** Health base URL (`http://host:port`) of each service, by service name. */
  health: Record<string, string>;
  /** The effective configuration file the services read. */
  configFile: string;
  /**
   * Stops one service on purpose (onServiceExit is not called): a test's netsplit stops the
   * portal, an operator restarts a gateway. Resolves once it has exited; a no-op if not running.
   */
  stopService(name: string): Promise<void>;
  /** Starts a service of this host again (after stopService or a crash) and waits until it is ready. */
  startService(name: string): Promise<RunningService>;
  /** Stops the services in reverse start order, then the NATS server if this host started it. */
  stop(): Promise<void>;
}

export class HostStartError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HostStartError';
  }
}

function describeExit(exit: { code: number | null; signal: string | null }): string {
  return exit.code !== null ? `exit code ${exit.code}` : `signal ${exit.signal}`;
}

/** The listeners this host is about to open that something else already holds. */
async function busyEndpoints(config: HostConfig, specs: readonly HostServiceSpec[]): Promise<string[]> {
  const endpoints = [
    ...config.listen.irc.map((endpoint) => ({ what: 'IRC', endpoint })),
    ...specs.map((spec) => ({ what: `${spec.name} health`, endpoint: spec.health(config) })),
  ];
  const open = await Promise.all(endpoints.map(({ endpoint }) => isPortOpen(endpoint.host, endpoint.port)));
  return endpoints.filter((_, i) => open[i]).map(({ what, endpoint }) => `${endpoint.host}:${endpoint.port} (${what})`);
}

/** Starts one host: its NATS (unless one already answers at nats.url), then each service. */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const log = options.log ?? (() => undefined);
  const distDir = resolve(options.distDir ?? 'dist');
  const readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
  const loaded = loadHostConfig(options.configPath, options.overrides);
  const config: HostConfig = { ...loaded, dataDir: resolve(loaded.dataDir) };
  const name = config.server.name;

  // NATS and the config file; the services are stopped first, from `services`.
  const stoppers: Array<() => void | Promise<void>> = [];
  const services: RunningService[] = [];
  const health: Record<string, string> = {};
  // Services stopped on purpose: their exit is not news for onServiceExit.
  const expectedExits = new Set<RunningService>();
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    const first = (s: RunningService) => specs.find((spec) => spec.name === s.name)?.stopFirst === true;
    const inStopOrder = services.splice(0).reverse();
    for (const service of [...inStopOrder.filter(first), ...inStopOrder.filter((s) => !first(s))]) {
      expectedExits.add(service);
      await service.stop();
    }
    for (const stop of stoppers.reverse().splice(0)) await stop();
  };

  const specs = (options.services ?? HOST_SERVICES).filter((spec) => !spec.enabled || spec.enabled(config));
  // A readiness probe answered by another copy of this host would pass, so check first.
  const busy = await busyEndpoints(config, specs);
  if (busy.length > 0) {
    throw new HostStartError(`${name}: already in use: ${busy.join(', ')} (is another ${name} running?)`);
  }

  let configFile = '';
  /** Starts one service, keeps it in `services` at its spec's place, and waits until it is ready. */
  const launch = async (spec: HostServiceSpec): Promise<RunningService> => {
    const service = startService({
      name: spec.name,
      entry: join(distDir, spec.entry),
      args: ['--config', configFile],
      ...(spec.nodeArgs ? { nodeArgs: spec.nodeArgs } : {}),
      logPrefix: `${name} ${spec.name}`,
      output: options.output,
      write: options.write,
    });
    const order = (s: RunningService) => specs.findIndex((x) => x.name === s.name);
    services.push(service);
    services.sort((a, b) => order(a) - order(b));
    void service.exited.then((exit) => {
      if (!stopping && !expectedExits.has(service)) options.onServiceExit?.(spec.name, exit);
    });

    const diedEarly = () =>
      service.isRunning()
        ? undefined
        : new HostStartError(
            `${name}: ${spec.name} exited during start-up (${describeExit({ code: service.child.exitCode, signal: service.child.signalCode })}):\n${service.recentOutput()}`,
          );
    const url = healthBaseUrl(spec.health(config));
    try {
      await waitReady(url, readyTimeoutMs, diedEarly, spec.readyPath);
    } catch (err) {
      // Let the last lines arrive so the message shows why it died.
      if (!service.isRunning()) await service.exited;
      throw (
        diedEarly() ??
        new HostStartError(`${name}: ${spec.name} not ready: ${(err as Error).message}\n${service.recentOutput()}`, {
          cause: err,
        })
      );
    }
    health[spec.name] = url;
    log(`${name}: ${spec.name} ready (pid ${service.pid}, ${url})`);
    return service;
  };

  const specNamed = (service: string): HostServiceSpec => {
    const spec = specs.find((s) => s.name === service);
    if (!spec)
      throw new Error(`${name} runs no service named ${service} (it runs ${specs.map((s) => s.name).join(', ')})`);
    return spec;
  };

  const stopService = async (service: string): Promise<void> => {
    specNamed(service);
    const running = services.find((s) => s.name === service);
    if (!running) return;
    expectedExits.add(running);
    services.splice(services.indexOf(running), 1);
    await running.stop();
  };

  const restartService = async (service: string): Promise<RunningService> => {
    const spec = specNamed(service);
    const old = services.find((s) => s.name === service);
    if (old?.isRunning()) throw new Error(`${name}: ${service} is already running (pid ${old.pid})`);
    if (old) services.splice(services.indexOf(old), 1);
    return launch(spec);
  };

  try {
    const natsUrl = new URL(config.nats.url);
    const natsHost = natsUrl.hostname.replace(/^\[|\]$/g, '');
    const natsPort = Number(natsUrl.port || 4222);
    let nats: RunningHost['nats'];
    if (await isPortOpen(natsHost, natsPort)) {
      nats = { url: config.nats.url, reused: true };
      log(`${name}: using the NATS server already at ${config.nats.url}`);
    } else {
      const server = await startNatsServer({
        host: natsHost,
        port: natsPort,
        jetstream: true,
        storeDir: join(config.dataDir, 'nats'),
      });
      stoppers.push(() => server.stop());
      nats = { url: server.url, pid: server.pid, reused: false };
      log(`${name}: nats-server ${server.url} (pid ${server.pid})`);
    }

    configFile = writeEffectiveConfig(config);
    const writtenConfig = configFile;
    stoppers.push(() => rmSync(writtenConfig, { force: true }));

    for (const spec of specs) await launch(spec);

    return { config, nats, services, health, configFile, stopService, startService: restartService, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
