import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadHostConfig, type HostConfig, type HostConfigOverrides } from '@portalchat/config';
import { gatewayReloadName, type ReloadReply } from '@portalchat/protocol';
import { HostReloadServer, reloadHost } from './host-reload';
import { writeEffectiveConfig } from './effective-config';
import { HOST_SERVICES, type HostServiceSpec } from './host-services';
import type { OutputMode } from './log-format';
import { prepareNatsAuth } from './nats-auth';
import { ensureIrcCertificate, ensurePortalCertificate } from './tls/portal-certificate';
import { startNatsServer, type RunningNatsServer } from './nats-server';
import { isPortOpen } from './ports';
import { healthBaseUrl, waitReady } from './readiness';
import { RestartPolicy, type RestartPolicyOptions } from './restart-policy';
import { startService, type RunningService, type ServiceExit } from './service';
import { isStandingByLine, scriptVersion, sendGo, STANDBY_FLAG } from './spare-protocol';
import {
  describeExit,
  Supervisor,
  type HostLog,
  type Launched,
  type SupervisedProcess,
  type SupervisorStatus,
} from './supervisor';
import { WarmSpare } from './warm-spare';

/** The name the host's own nats-server goes by in status, logs and restarts. */
export const NATS_PROCESS = 'nats';

export interface HostOptions {
  configPath: string;
  /** Values that win over the file (see HostConfigOverrides in @portalchat/config). */
  overrides?: HostConfigOverrides;
  /** Where the built services are (default `<cwd>/dist`). */
  distDir?: string;
  /** Host-level messages: progress, and every crash and restart (default: none). */
  log?: HostLog;
  /** How the services' output is forwarded (default pretty). */
  output?: OutputMode;
  write?: (line: string) => void;
  /** Per service, how long /readyz may take (default 10 s; a healthy host needs well under 1 s). */
  readyTimeoutMs?: number;
  /**
   * Overrides the file's `host.warmSpares`. Spares need supervision: with `supervision: false`
   * there are none.
   */
  warmSpares?: boolean;
  /** Called on every unexpected exit of a service (or of the nats-server this host started). */
  onServiceExit?: (service: string, exit: ServiceExit) => void;
  /**
   * How crashed processes are restarted (DEFAULT_RESTART_POLICY, partly overridden); `false`
   * restarts nothing, for tests that kill a service and replace it themselves.
   */
  supervision?: Partial<RestartPolicyOptions> | false;
  services?: readonly HostServiceSpec[];
}

export interface RunningHost {
  config: HostConfig;
  /** This host's NATS; `pid` is the current nats-server's when the host started it. */
  readonly nats: { url: string; pid?: number; reused: boolean };
  /** The services running now, in start order (a restarted one replaces its old entry). */
  readonly services: RunningService[];
  /** Health base URL (`http://host:port`) of each service, by service name. */
  health: Record<string, string>;
  /** The effective configuration file the services read. */
  configFile: string;
  /**
   * Each supervised process (the services, and `nats` when this host started it): pid, restarts,
   * and the warm spare's pid where there is one.
   */
  status(): SupervisorStatus[];
  /**
   * Stops one service on purpose (neither reported nor restarted): a test's netsplit stops the
   * portal. Resolves once it has exited; a no-op if not running.
   */
  stopService(name: string): Promise<void>;
  /** Starts a service of this host again (after stopService) and waits until it is ready. */
  startService(name: string): Promise<RunningService>;
  /**
   * An operator's restart of one service or of `nats`: SIGTERM, wait for the exit, start it
   * again, wait until it is ready. Rejects with the reason if the new one does not come up
   * (supervision then goes on restarting it).
   */
  restartService(name: string): Promise<SupervisedProcess>;
  /**
   * Reloads the host file (issue 14): reads and validates it as at start, then has every service
   * take it (MOTD, operators, accounts, limits, portals, certificates; clients stay connected). A
   * bad file is refused with the validation messages and the running config stays. What the host
   * process does on its own SIGHUP, and what REHASH and the admin API ask for over NATS.
   */
  reload(by?: string): Promise<ReloadReply>;
  /** Stops the services in reverse start order, then the NATS server if this host started it. */
  stop(): Promise<void>;
}

export class HostStartError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HostStartError';
  }
}

/** The listeners this host is about to open that something else already holds. */
async function busyEndpoints(config: HostConfig, specs: readonly HostServiceSpec[]): Promise<string[]> {
  const endpoints = [
    ...config.listen.irc.map((endpoint) => ({ what: 'IRC', endpoint })),
    ...config.listen.ircTls.map((endpoint) => ({ what: 'IRC over TLS', endpoint })),
    ...config.listen.websocket.map((endpoint) => ({ what: 'IRC over WebSocket', endpoint })),
    ...specs.map((spec) => ({ what: `${spec.name} health`, endpoint: spec.health(config) })),
  ];
  const open = await Promise.all(endpoints.map(({ endpoint }) => isPortOpen(endpoint.host, endpoint.port)));
  return endpoints.filter((_, i) => open[i]).map(({ what, endpoint }) => `${endpoint.host}:${endpoint.port} (${what})`);
}

/**
 * Starts one host: its NATS (unless one already answers at nats.url), then each service, and
 * supervises them from then on: a process that exits unexpectedly is restarted (see
 * RestartPolicy), and the host itself never stops because of it.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const log: HostLog = options.log ?? (() => undefined);
  const distDir = resolve(options.distDir ?? 'dist');
  const readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
  // The host reads the TLS files once, so a bad pair fails the start with the field's message.
  const loaded = loadHostConfig(options.configPath, options.overrides, { checkFiles: true });
  const config: HostConfig = { ...loaded, dataDir: resolve(loaded.dataDir) };
  const name = config.server.name;
  const policy = () => (options.supervision === false ? undefined : new RestartPolicy(options.supervision));

  const specs = (options.services ?? HOST_SERVICES).filter((spec) => !spec.enabled || spec.enabled(config));
  // A readiness probe answered by another copy of this host would pass, so check first.
  const busy = await busyEndpoints(config, specs);
  if (busy.length > 0) {
    throw new HostStartError(`${name}: already in use: ${busy.join(', ')} (is another ${name} running?)`);
  }

  let configFile = '';
  const health: Record<string, string> = {};
  const supervise = <T extends SupervisedProcess>(
    processName: string,
    launch: () => Launched<T> | Promise<Launched<T>>,
    spare?: WarmSpare<T>,
  ) =>
    new Supervisor<T>({
      name: processName,
      label: `${name}: ${processName}`,
      launch,
      policy: policy(),
      log,
      onCrash: (exit) => options.onServiceExit?.(processName, exit),
      ...(spare ? { spare } : {}),
    });

  const spawnService = (spec: HostServiceSpec, standby: boolean, onLine?: (line: string) => void) =>
    startService({
      name: spec.name,
      entry: join(distDir, spec.entry),
      args: ['--config', configFile, ...(standby ? [STANDBY_FLAG] : [])],
      ...(spec.nodeArgs ? { nodeArgs: spec.nodeArgs } : {}),
      logPrefix: `${name} ${spec.name}`,
      output: options.output,
      write: options.write,
      ...(onLine ? { onLine } : {}),
    });

  /** Settles when the service's /readyz answers 200, or it died, or time ran out. */
  const whenReady = async (spec: HostServiceSpec, service: RunningService): Promise<void> => {
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
  };

  /** Starts one service; `ready` settles as whenReady says. */
  const launchService = (spec: HostServiceSpec): Launched<RunningService> => {
    const service = spawnService(spec, false);
    return { process: service, ready: whenReady(spec, service) };
  };

  /** The build each spare runs, to promote none that an upgrade has made stale. */
  const spareBuilds = new WeakMap<RunningService, string | undefined>();
  const useSpares = options.warmSpares ?? config.host.warmSpares;
  const warmSpare = (spec: HostServiceSpec): WarmSpare<RunningService> | undefined => {
    const policyOptions = options.supervision;
    if (!useSpares || !spec.warmSpare || policyOptions === false) return undefined;
    const entry = join(distDir, spec.entry);
    return new WarmSpare<RunningService>({
      label: `${name}: ${spec.name} spare`,
      launch: () => {
        let standing: () => void = () => undefined;
        const standingBy = new Promise<void>((resolve) => {
          standing = () => resolve();
        });
        const service = spawnService(spec, true, (line) => {
          if (isStandingByLine(line)) standing();
        });
        spareBuilds.set(service, scriptVersion(entry));
        const died = service.exited.then((exit) => {
          throw new HostStartError(`${name}: ${spec.name} spare exited before it stood by (${describeExit(exit)})`);
        });
        return { process: service, ready: Promise.race([standingBy, died]) };
      },
      promote: (service) => {
        sendGo(service);
        return { process: service, ready: whenReady(spec, service) };
      },
      usable: (service) => spareBuilds.get(service) === scriptVersion(entry),
      policy: new RestartPolicy(policyOptions),
      log,
    });
  };

  const services = specs.map((spec) =>
    supervise<RunningService>(spec.name, () => launchService(spec), warmSpare(spec)),
  );

  // Set once NATS is settled: a supervisor when this host runs its own nats-server.
  let natsSupervisor: Supervisor<RunningNatsServer> | undefined;
  const stoppers: Array<() => void | Promise<void>> = [];
  let reloadServer: HostReloadServer | undefined;
  const stopAll = async () => {
    await reloadServer?.stop();
    const first = (s: Supervisor<SupervisedProcess>) => specs.find((spec) => spec.name === s.name)?.stopFirst === true;
    const inStopOrder = [...services].reverse();
    for (const service of [...inStopOrder.filter(first), ...inStopOrder.filter((s) => !first(s))]) await service.stop();
    await natsSupervisor?.stop();
    for (const stop of stoppers.reverse().splice(0)) await stop();
  };

  const serviceNamed = (service: string): Supervisor<RunningService> => {
    const found = services.find((s) => s.name === service);
    if (!found) {
      const names = [...specs.map((s) => s.name), ...(natsSupervisor ? [NATS_PROCESS] : [])];
      throw new Error(`${name} runs no service named ${service} (it runs ${names.join(', ')})`);
    }
    return found;
  };
  const supervisorNamed = (processName: string): Supervisor<SupervisedProcess> =>
    processName === NATS_PROCESS && natsSupervisor ? natsSupervisor : serviceNamed(processName);
  const natsUrl = new URL(config.nats.url);
  const natsHost = natsUrl.hostname.replace(/^\[|\]$/g, '');
  const natsPort = Number(natsUrl.port || 4222);

  try {
    // The credentials are there even for a NATS started by someone else (run.js nats, which
    // makes the same ones from the same data directory; an open NATS takes any).
    const authFile = prepareNatsAuth(config);
    // The portal's generated certificate (and the CA) exist before any service reads the config.
    if (config.portals.length > 0) {
      const leaf = ensurePortalCertificate(config);
      if (leaf) log(`${name}: portal certificate ${leaf.issued ? 'issued' : 'kept'}, SHA-256 ${leaf.fingerprint}`);
    }
    // …and the gateway's client TLS certificate, when generated, before the gateway reads it.
    const ircLeaf = ensureIrcCertificate(config);
    if (ircLeaf)
      log(`${name}: IRC TLS certificate ${ircLeaf.issued ? 'issued' : 'kept'}, SHA-256 ${ircLeaf.fingerprint}`);
    if (await isPortOpen(natsHost, natsPort)) {
      log(`${name}: using the NATS server already at ${config.nats.url}`);
    } else {
      natsSupervisor = supervise<RunningNatsServer>(NATS_PROCESS, async () => {
        const server = await startNatsServer({
          host: natsHost,
          port: natsPort,
          jetstream: true,
          storeDir: join(config.dataDir, 'nats'),
          ...(authFile ? { configFile: authFile } : {}),
        });
        log(`${name}: nats-server ${server.url} (pid ${server.pid})`);
        return { process: server, ready: Promise.resolve() };
      });
      await natsSupervisor.start();
    }

    configFile = writeEffectiveConfig(config);
    const writtenConfig = configFile;
    stoppers.push(() => rmSync(writtenConfig, { force: true }));

    for (const service of services) await service.start();
  } catch (err) {
    await stopAll();
    throw err;
  }

  // ── reloads (issue 14) ──────────────────────────────────────────────────────
  let current = config;
  const reload = async (by: string): Promise<ReloadReply> => {
    log(`${name}: reloading ${options.configPath} (${by})`);
    const reply = await reloadHost(
      reloadServer?.connection,
      config.server.id,
      {
        load: () => {
          const reloaded = loadHostConfig(options.configPath, options.overrides, { checkFiles: true });
          return { ...reloaded, dataDir: resolve(reloaded.dataDir) };
        },
        current: () => current,
        prepare: (next) => {
          if (next.portals.length > 0) ensurePortalCertificate(next);
          ensureIrcCertificate(next);
          writeEffectiveConfig(next);
        },
        services: () =>
          services
            .filter((s) => s.process()?.isRunning())
            .map((s) => (s.name === 'gateway' ? gatewayReloadName(current.gateway.id) : s.name)),
        commit: (next) => {
          current = next;
        },
      },
      options.configPath,
    );
    if (reply.ok) log(`${name}: reloaded: ${reply.services.join('; ')}`);
    else log(`${name}: reload refused, the running configuration stays:\n  ${reply.problems.join('\n  ')}`);
    return reply;
  };
  // REHASH and the admin API ask for a reload over NATS; without the connection (a NATS that does
  // not take the host's login) they get no answer, and SIGHUP or the control endpoint still work.
  const server = new HostReloadServer(config, reload, log);
  try {
    await server.start();
    reloadServer = server;
  } catch (err) {
    log(`${name}: no NATS connection for reload requests (REHASH, admin API): ${(err as Error).message}`);
  }

  return {
    get config() {
      return current;
    },
    get nats() {
      const server = natsSupervisor?.process();
      return natsSupervisor
        ? { url: config.nats.url, ...(server ? { pid: server.pid } : {}), reused: false }
        : { url: config.nats.url, reused: true };
    },
    get services() {
      return services.map((s) => s.process()).filter((s): s is RunningService => s !== undefined);
    },
    health,
    configFile,
    status: () => [...(natsSupervisor ? [natsSupervisor.status()] : []), ...services.map((s) => s.status())],
    stopService: async (service) => serviceNamed(service).stop(),
    startService: async (service) => serviceNamed(service).start(),
    restartService: async (service) => {
      const supervisor = supervisorNamed(service);
      log(`${name}: restarting ${service} on request`);
      const restarted = await supervisor.restart();
      log(`${name}: ${service} restarted on request (pid ${restarted.pid})`);
      return restarted;
    },
    reload: (by = 'SIGHUP') => reload(by),
    stop: stopAll,
  };
}
