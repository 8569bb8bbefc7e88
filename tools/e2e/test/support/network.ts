import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeNetwork, loadHostConfig, UNTHROTTLED_CONNECTS, type PortalConfig } from '@portalchat/config';
import { freePort, OutputMode, startHost, type RunningHost } from '@portalchat/hosting';
import { eventually, TcpRelay, defined } from '@portalchat/testkit';
import { builtServices, DIST_DIR, type TestHost } from './test-host';
import { linksOf, type LinkEntry } from './links';
import { StateProbe, type StateSnapshot } from './state-probe';

const LOOPBACK = '127.0.0.1';
/** Server IDs are handed out from here, in order of first appearance in the topology. */
const FIRST_SERVER_ID = 10;

/** Pairs of host names, e.g. `[['A','B'],['B','C']]`; the first of each pair has `uplink: true`. */
export type Topology = ReadonlyArray<readonly [string, string]>;

export interface TestNetworkOptions {
  /** Changes one portal entry of one host before anything starts (a wrong secret, a wrong peer ID). */
  tamperPortal?: (host: string, portal: PortalConfig) => Partial<PortalConfig>;
  /** Limits for every host (maxConnectionsPerIp is 10,000 unless given: all clients are 127.0.0.1). */
  limits?: Record<string, number>;
  flood?: Record<string, number>;
  /**
   * Pairs of the topology whose uplink dials through a TcpRelay, so a test can cut exactly
   * that link (network.proxy(a, b).cut()).
   */
  proxied?: Topology;
  /** More fields of one host's file (operators, accounts, registered channels, ircx policy). */
  hostExtras?: (host: string) => Record<string, unknown>;
  /** More fields of one host's `server` section (a server password). */
  serverExtras?: (host: string) => Record<string, unknown>;
  /**
   * Client TLS on every host: this certificate and key (`tls`), and a TLS listener on a free
   * port beside the plain one (`listen.ircTls`; the config's `listen.ircTls[0]`).
   */
  clientTls?: { cert: string; key: string };
  /**
   * A WebSocket listener on every host (the config's `listen.websocket[0]`), on a free port;
   * `wss` when `clientTls` is given too.
   */
  websocket?: boolean;
  /**
   * Every portal's `portal.splitGraceMs`. Default 0: a lost link splits at once, which the specs
   * of splits and netjoins test; the grace has its own spec.
   */
  splitGraceMs?: number;
}

/** One host of a test network: usable wherever a TestHost is (ClientPool, serverPrefix). */
export interface NetworkHost extends TestHost {
  id: number;
  running: () => RunningHost;
  /** Stops this host's portal (every link of this host drops: a netsplit). */
  stopPortal(): Promise<void>;
  /** Starts it again; resolves once it is ready (its links come up on their own). */
  startPortal(): Promise<void>;
  /** The whole host down and up again (NATS, state, portal, gateway), same config and ports. */
  restart(): Promise<void>;
  /** Only one service of the host down and up again (e.g. the state service). */
  restartService(service: string): Promise<void>;
  /** The state's debug snapshot (users, channels) as this host sees the network. */
  snapshot(): Promise<StateSnapshot>;
  /** LINKS as a client on this host sees it. */
  links(): Promise<LinkEntry[]>;
  /** The portal's /readyz: HTTP status and JSON body (links, refusals). */
  portalReadyz(): Promise<{ status: number; body: Record<string, unknown> }>;
}

export interface TestNetwork {
  hosts: NetworkHost[];
  host(name: string): NetworkHost;
  /** The relay of a pair listed in `proxied`. */
  proxy(a: string, b: string): TcpRelay;
  /**
   * Resolves once LINKS on every host lists every host, each of its own links in the topology at
   * one hop (in a cycle every host is listed before the last link is up); with `expected`, once
   * LINKS on each host named there lists exactly those servers (other hosts are not asked).
   */
  waitLinked(timeoutMs?: number, expected?: Record<string, string[]>): Promise<void>;
  /** Polls until every host reports the same snapshot; resolves with it. */
  waitConverged(timeoutMs?: number): Promise<StateSnapshot>;
  /**
   * Resolves once every event a portal sent on a link has arrived at the link's other end (by the
   * portals' eventsOut and eventsIn on /readyz): no copy of an event is on its way any more, the
   * ones taking the long way round a cycle included. Counts only add up while no link has dropped.
   */
  waitLinksDrained(timeoutMs?: number): Promise<void>;
  /** Each host's portal /readyz and the tail of its logs, for failure messages. */
  describe(): Promise<string>;
  stop(): Promise<void>;
}

interface HostPlan {
  name: string;
  id: number;
  irc: { host: string; port: number };
  portal: { host: string; port: number };
  health: Record<'gateway' | 'state' | 'portal', { host: string; port: number }>;
  control: { host: string; port: number };
  nats: string;
  ircTls?: { host: string; port: number };
  websocket?: { host: string; port: number };
}

/** Every host name in order of first appearance. */
function hostNames(topology: Topology): string[] {
  return [...new Set(topology.flat())];
}

/**
 * Starts one real host per name in `topology` (nats-server, state, portal, gateway on free
 * ports of 127.0.0.1), with portals configured on both sides of every pair and a fresh shared
 * secret per pair. Hosts start in order of first appearance; uplinks redial, so order does not
 * matter for linking. Call waitLinked() before testing the network.
 */
export async function startTestNetwork(topology: Topology, options: TestNetworkOptions = {}): Promise<TestNetwork> {
  const names = hostNames(topology);
  const scratch = mkdtempSync(join(tmpdir(), 'portalchat-net-'));
  // freePort() may hand out a port twice (it is free again once probed): keep them distinct.
  const taken = new Set<number>();
  const uniquePort = async () => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const candidate = await freePort(LOOPBACK);
      if (!taken.has(candidate)) {
        taken.add(candidate);
        return candidate;
      }
    }
    throw new Error('no distinct free port after 50 attempts');
  };
  const port = async () => ({ host: LOOPBACK, port: await uniquePort() });

  const plans: HostPlan[] = [];
  for (const [i, name] of names.entries()) {
    plans.push({
      name,
      id: FIRST_SERVER_ID + i,
      irc: await port(),
      portal: await port(),
      health: { gateway: await port(), state: await port(), portal: await port() },
      control: await port(),
      nats: `nats://${LOOPBACK}:${await uniquePort()}`,
      ...(options.clientTls ? { ircTls: await port() } : {}),
      ...(options.websocket ? { websocket: await port() } : {}),
    });
  }
  const planOf = (name: string) => {
    const plan = plans.find((p) => p.name === name);
    if (!plan) throw new Error(`${name} is not a host of the topology`);
    return plan;
  };
  const links = topology.map(([a, b]) => ({ a, b, secret: randomBytes(12).toString('hex') }));

  const pairKey = (a: string, b: string) => [a, b].sort().join(' ');
  const proxies = new Map<string, TcpRelay>();

  /** The host file of `plan`; `real` puts in the proxies and the test's tampering. */
  const hostFile = (plan: HostPlan, real: boolean) => {
    const portals: PortalConfig[] = [];
    for (const { a, b, secret } of links) {
      if (plan.name !== a && plan.name !== b) continue;
      const peer = planOf(plan.name === a ? b : a);
      const proxy = real && plan.name === a ? proxies.get(pairKey(a, b)) : undefined;
      const portal: PortalConfig = {
        name: `Portal_to_${peer.name}`,
        address: peer.portal.host,
        port: proxy?.port ?? peer.portal.port,
        serverId: peer.id,
        uplink: plan.name === a,
        secret,
        insecure: false,
      };
      portals.push(real ? { ...portal, ...options.tamperPortal?.(plan.name, portal) } : portal);
    }
    const file = join(scratch, `${plan.name}${real ? '' : '.plain'}.yaml`);
    // JSON is YAML.
    writeFileSync(
      file,
      JSON.stringify({
        server: {
          name: plan.name,
          id: plan.id,
          description: `e2e server ${plan.name}`,
          ...options.serverExtras?.(plan.name),
        },
        listen: {
          irc: [plan.irc],
          ...(plan.ircTls ? { ircTls: [plan.ircTls] } : {}),
          ...(plan.websocket ? { websocket: [{ ...plan.websocket, tls: options.clientTls !== undefined }] } : {}),
          portal: plan.portal,
          health: plan.health,
          control: plan.control,
        },
        ...(options.clientTls ? { tls: options.clientTls } : {}),
        nats: { url: plan.nats },
        // As in the reference network's files: a planned gateway stop sends clients to the others.
        gateway: { redirectTo: plans.filter((p) => p !== plan).map((p) => `${p.irc.host}:${p.irc.port}`) },
        dataDir: join(scratch, 'data', plan.name),
        limits: { maxConnectionsPerIp: 10_000, ...UNTHROTTLED_CONNECTS, ...options.limits },
        ...(options.flood ? { flood: options.flood } : {}),
        // Portal TLS as in `npm start`: certificates from one CA generated for the network.
        portal: { splitGraceMs: options.splitGraceMs ?? 0, tls: { caDir: join(scratch, 'ca') } },
        // The specs match users' hosts (127.0.0.1); cloaking has its own specs in state.
        cloaking: { enabled: false },
        portals,
        ...options.hostExtras?.(plan.name),
      }),
    );
    return file;
  };
  // The topology itself must be a valid network; the proxies and tampering come on top.
  const problems = describeNetwork(plans.map((plan) => loadHostConfig(hostFile(plan, false))));
  if (problems.length > 0) throw new Error(`test network is not valid:\n${problems.join('\n')}`);
  // Only now: a topology that fails the check above leaves no relay listening.
  for (const [a, b] of options.proxied ?? [])
    proxies.set(pairKey(a, b), await TcpRelay.start(planOf(b).portal, LOOPBACK));
  const configPaths = plans.map((plan) => ({ plan, path: hostFile(plan, true) }));

  const hosts: NetworkHost[] = [];
  const stopAll = async () => {
    for (const host of [...hosts].reverse()) await host.stop();
    for (const proxy of proxies.values()) await proxy.close();
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    for (const { plan, path } of configPaths) hosts.push(await startNetworkHost(plan.name, plan.id, path));
  } catch (err) {
    await stopAll();
    throw err;
  }

  const network: TestNetwork = {
    hosts,
    host: (name) => {
      const found = hosts.find((h) => h.name === name);
      if (!found) throw new Error(`no host ${name} in this network (${names.join(', ')})`);
      return found;
    },
    proxy: (a, b) => {
      const found = proxies.get(pairKey(a, b));
      if (!found) throw new Error(`the link ${a}-${b} is not proxied (options.proxied)`);
      return found;
    },
    waitLinked: async (timeoutMs = 15_000, expected) => {
      const deadline = Date.now() + timeoutMs;
      for (const host of hosts.filter((h) => !expected || h.name in expected)) {
        const want = [...(expected?.[host.name] ?? names)].sort();
        // Its peers in the topology, which LINKS must show at one hop: the link to each is up.
        const peers = expected
          ? []
          : topology.flatMap(([a, b]) => (a === host.name ? [b] : b === host.name ? [a] : []));
        let seen: string[] = [];
        let direct: string[] = [];
        await eventually(
          `${host.name} to list [${want.join(', ')}] in LINKS, [${peers.join(', ')}] at one hop`,
          async () => {
            const entries = await host.links();
            seen = entries.map((e) => e.server).sort();
            direct = entries.filter((e) => e.hops === 1).map((e) => e.server);
            return JSON.stringify(seen) === JSON.stringify(want) && peers.every((p) => direct.includes(p));
          },
          {
            timeoutMs: Math.max(0, deadline - Date.now()),
            intervalMs: 200,
            detail: async () =>
              `it lists [${seen.join(', ')}], [${direct.join(', ')}] at one hop\n${await network.describe()}`,
          },
        );
      }
    },
    waitConverged: async (timeoutMs = 10_000) => {
      let snapshots: StateSnapshot[] = [];
      return eventually(
        'every server to report the same snapshot',
        async () => {
          snapshots = await Promise.all(hosts.map((h) => h.snapshot()));
          const texts = snapshots.map((s) => JSON.stringify(s));
          return texts.every((t) => t === texts[0]) && snapshots[0];
        },
        {
          timeoutMs,
          intervalMs: 200,
          detail: () => hosts.map((h, i) => `${h.name}: ${JSON.stringify(snapshots[i], null, 1)}`).join('\n'),
        },
      );
    },
    waitLinksDrained: async (timeoutMs = 10_000) => {
      /** Per link `from>to`: what its sender counted out, or what its receiver counted in. */
      const counts = async (side: 'eventsOut' | 'eventsIn') => {
        const out = new Map<string, number>();
        for (const host of hosts) {
          const portals = (await host.portalReadyz()).body['portals'] as Array<{
            serverId: number;
            eventsIn: number;
            eventsOut: number;
          }>;
          for (const p of portals)
            out.set(side === 'eventsOut' ? `${host.id}>${p.serverId}` : `${p.serverId}>${host.id}`, p[side]);
        }
        return out;
      };
      await eventually(
        'every link to have delivered all it sent',
        async () => {
          // Ins first, outs after: equal counts then mean nothing sent was still on its way.
          const received = await counts('eventsIn');
          return [...(await counts('eventsOut'))].every(([link, sent]) => received.get(link) === sent);
        },
        { timeoutMs, intervalMs: 100, detail: () => network.describe() },
      );
    },
    describe: async () => {
      const parts = [];
      for (const host of hosts) {
        const readyz = await host.portalReadyz().catch((err: Error) => ({ status: 0, body: { error: err.message } }));
        parts.push(`--- ${host.name} (id ${host.id}) portal /readyz ${readyz.status}: ${JSON.stringify(readyz.body)}`);
        parts.push(host.output().split('\n').slice(-15).join('\n'));
      }
      return parts.join('\n');
    },
    stop: stopAll,
  };
  return network;
}

async function startNetworkHost(name: string, id: number, configPath: string): Promise<NetworkHost> {
  let output = '';
  const write = (line: string) => {
    // Keep the tail only: a burst of 1,000 users logs a lot.
    output = (output + line + '\n').slice(-200_000);
  };
  const start = () =>
    startHost({ configPath, distDir: DIST_DIR, services: builtServices(), output: OutputMode.Json, write });
  let running = await start();
  let probe = new StateProbe(running.config.nats.url, id, running.config.dataDir);
  const config = running.config;
  const irc = defined(config.listen.irc[0], `an IRC listener of ${name}`);

  return {
    name,
    id,
    irc,
    config,
    health: running.health,
    running: () => running,
    output: () => output,
    stopPortal: () => running.stopService('portal'),
    startPortal: async () => {
      await running.startService('portal');
    },
    restart: async () => {
      await probe.close();
      await running.stop();
      running = await start();
      probe = new StateProbe(running.config.nats.url, id, running.config.dataDir);
    },
    restartService: async (service) => {
      await running.stopService(service);
      await running.startService(service);
    },
    snapshot: () => probe.snapshot(),
    links: () => linksOf(irc),
    portalReadyz: async () => {
      const response = await fetch(
        `${running.health['portal'] ?? `http://${config.listen.health.portal.host}:${config.listen.health.portal.port}`}/readyz`,
      );
      const text = await response.text();
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        body = { text };
      }
      return { status: response.status, body };
    },
    stop: async () => {
      await probe.close();
      await running.stop();
      // For debugging a failed run: E2E_NET_LOGS=<dir> keeps every host's log lines.
      const logDir = process.env['E2E_NET_LOGS'];
      if (logDir) writeFileSync(join(logDir, `${name}-${Date.now()}.log`), output);
    },
  };
}
