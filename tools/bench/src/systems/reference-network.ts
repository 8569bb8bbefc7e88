import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadHostConfig, UNTHROTTLED_CONNECTS } from '@portalchat/config';
import type { SupervisorStatus } from '@portalchat/hosting';
import { parse } from 'yaml';
import { DIST_DIR } from './portalchat';
import type { Endpoint, RunningSystem, ServerProcess } from './types';

/** The reference network's host files, in `npm start`'s start order (the hub first). */
const REFERENCE_FILES = ['chatsrv3.yaml', 'chatsrv1.yaml', 'chatsrv2.yaml'];
const CONFIG_DIR = resolve(DIST_DIR, '..', 'config');
const LAUNCHER = join(DIST_DIR, 'tools', 'launcher', 'main.js');
/** The launcher starts three hosts and waits for the links (it gives them 30 s). */
const START_TIMEOUT_MS = 60_000;
/** The launcher stops its hosts in under 10 s, or gives up and exits itself. */
const STOP_TIMEOUT_MS = 15_000;
const OUTPUT_TAIL_LINES = 40;
const HUGE = 100_000_000;

/** One host of the running reference network, as the benchmark reaches it. */
export interface ReferenceHost {
  name: string;
  id: number;
  irc: Endpoint;
  natsUrl: string;
  dataDir: string;
  /** Each service's health endpoint (`http://host:port`), whose /readyz says it can work. */
  health: Record<'gateway' | 'state' | 'portal', string>;
}

/** The part of a reference host file forLoad changes. */
interface HostFile {
  limits?: Record<string, unknown>;
  [field: string]: unknown;
}

/**
 * A reference host file made fit for load, like every system the benchmark drives: connection,
 * flood and ping limits out of the way (the reference files keep Exchange Chat's 1,000 clients
 * per host), the services' log at `warn`, and the data in the run's scratch directory.
 * Addresses, ports, IDs and portals stay as `npm start` runs them.
 */
export function forLoad(file: HostFile, dataDir: string, level: 'info' | 'warn' = 'warn'): HostFile {
  return {
    ...file,
    dataDir,
    log: { level },
    limits: {
      ...file.limits,
      maxConnections: HUGE,
      maxConnectionsPerIp: HUGE,
      ...UNTHROTTLED_CONNECTS,
      registrationTimeoutSeconds: 600,
      pingIntervalSeconds: 3600,
      pingTimeoutSeconds: 3600,
      sendQBytes: HUGE,
    },
    flood: { burst: HUGE, linesPerSecond: HUGE, maxQueuedLines: HUGE },
  };
}

/** `chunk`'s lines, each after the system's monotonic time in ms (process.hrtime, as the generator's). */
function stampedLines(chunk: string): string {
  const at = (Number(process.hrtime.bigint() / 1000n) / 1000).toFixed(1);
  return chunk
    .split('\n')
    .filter(Boolean)
    .map((line) => `${at} ${line}\n`)
    .join('');
}

/**
 * The reference network (config/chatsrv1-3.yaml, limits lifted by forLoad) run by the launcher
 * exactly as `npm start -- <files>` runs it: one launcher process, a host with supervision and a
 * control endpoint per file. The control endpoints tell which process has which pid.
 */
export class ReferenceNetwork {
  private output: string[] = [];
  private readonly killOnExit = () => this.launcher.kill('SIGKILL');

  private constructor(
    private readonly launcher: ChildProcess,
    readonly hosts: ReferenceHost[],
    logFile: string | undefined,
  ) {
    // The services die with the launcher (pdeathsig); the launcher must not outlive the benchmark.
    process.once('exit', this.killOnExit);
    const keep = (chunk: Buffer) => {
      if (logFile) appendFileSync(logFile, stampedLines(chunk.toString()));
      this.output.push(...chunk.toString().split('\n').filter(Boolean));
      this.output = this.output.slice(-OUTPUT_TAIL_LINES);
    };
    launcher.stdout?.on('data', keep);
    launcher.stderr?.on('data', keep);
  }

  /**
   * `logFile`: the services log at `info` and every line the launcher prints is appended there,
   * stamped with the monotonic clock the generator stamps arrivals with (`--network-log`).
   */
  static async start(workDir: string, logFile?: string): Promise<ReferenceNetwork> {
    const hosts: ReferenceHost[] = [];
    const files = REFERENCE_FILES.map((name) => {
      const file = parse(readFileSync(join(CONFIG_DIR, name), 'utf8')) as HostFile;
      const dataDir = join(workDir, name.replace(/\.yaml$/, ''));
      mkdirSync(dataDir, { recursive: true });
      const path = join(workDir, name);
      // JSON is YAML.
      writeFileSync(path, JSON.stringify(forLoad(file, dataDir, logFile ? 'info' : 'warn')));
      // What the host will run with: the file with every default filled in.
      const config = loadHostConfig(path);
      const irc = config.listen.irc[0];
      if (!irc) throw new Error(`${name} has no IRC listener`);
      const url = ({ host, port }: Endpoint) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      const { gateway, state, portal } = config.listen.health;
      hosts.push({
        name: config.server.name,
        id: config.server.id,
        irc: { host: irc.host, port: irc.port },
        natsUrl: config.nats.url,
        dataDir: config.dataDir,
        health: { gateway: url(gateway), state: url(state), portal: url(portal) },
      });
      return path;
    });
    const launcher = spawn(process.execPath, [LAUNCHER, ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
    const network = new ReferenceNetwork(launcher, hosts, logFile);
    try {
      await network.untilUp();
    } catch (err) {
      await network.stop();
      throw err;
    }
    return network;
  }

  /** The launcher's last lines, for error messages. */
  tail(): string {
    return this.output.join('\n');
  }

  host(name: string): ReferenceHost {
    const found = this.hosts.find((h) => h.name === name);
    if (!found) throw new Error(`no host ${name} in the reference network`);
    return found;
  }

  /** Every process of one host as its supervisor reports it (`GET /services` on its control endpoint). */
  async services(name: string): Promise<SupervisorStatus[]> {
    const control = JSON.parse(readFileSync(join(this.host(name).dataDir, 'run', `${name}.control.json`), 'utf8')) as {
      url: string;
      token: string;
    };
    const response = await fetch(`${control.url}/services`, {
      headers: { authorization: `Bearer ${control.token}` },
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`${name}'s control endpoint answered HTTP ${response.status}`);
    return ((await response.json()) as { services: SupervisorStatus[] }).services;
  }

  /** The network as a RunningSystem for the shared measurements, with the pids as of now. */
  async asSystem(): Promise<RunningSystem> {
    const processes: ServerProcess[][] = [];
    for (const host of this.hosts) {
      const services = await this.services(host.name);
      processes.push(services.flatMap((s) => (s.pid === undefined ? [] : [{ pid: s.pid, role: s.name }])));
    }
    return {
      name: 'portalchat',
      servers: this.hosts.map((h) => h.irc),
      processes: () => processes,
      connectWindow: 1000,
      stop: () => this.stop(),
    };
  }

  async stop(): Promise<void> {
    const launcher = this.launcher;
    if (launcher.exitCode === null && launcher.signalCode === null) {
      const exited = new Promise<void>((done) => launcher.once('exit', () => done()));
      launcher.kill('SIGTERM');
      const timer = setTimeout(() => launcher.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    process.off('exit', this.killOnExit);
  }

  /** Resolves when the launcher says every host is up and linked; rejects if it exits or warns first. */
  private untilUp(): Promise<void> {
    return new Promise((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`the reference network was not up in ${START_TIMEOUT_MS / 1000} s:\n${this.tail()}`)),
        START_TIMEOUT_MS,
      );
      const finish = (err?: Error) => {
        clearTimeout(timer);
        this.launcher.stdout?.off('data', watch);
        this.launcher.off('exit', exited);
        if (err) fail(err);
        else done();
      };
      // A line may arrive in two chunks: look at the end of the last one as well.
      let recent = '';
      const watch = (chunk: Buffer) => {
        recent = (recent + chunk.toString()).slice(-2000);
        if (recent.includes('WARNING: not linked'))
          finish(new Error(`the reference network did not link:\n${this.tail()}`));
        else if (recent.includes('All up in')) finish();
      };
      const exited = (code: number | null) =>
        finish(new Error(`the launcher exited (${code}) before the network was up:\n${this.tail()}`));
      this.launcher.stdout?.on('data', watch);
      this.launcher.once('exit', exited);
    });
  }
}
