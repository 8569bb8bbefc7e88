import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UNTHROTTLED_CONNECTS } from '@portalchat/config';
import {
  effectiveConfigYaml,
  healthBaseUrl,
  OutputMode,
  SERVICE_NODE_ARGS,
  startHost,
  startService,
  waitReady,
  type RunningHost,
  type RunningService,
} from '@portalchat/hosting';
import { freeLoopbackPort, hubOf, LOOPBACK } from './external';
import { SPARE_ROLE, type RunningSystem, type StartOptions } from './types';

/** dist/ of this checkout: the bench runs as dist/tools/bench/main.js. */
export const DIST_DIR = resolve(__dirname, '..', '..');
export const FIRST_SERVER_ID = 10;
const CONNECT_WINDOW = 1000;
const HUGE = 100_000_000;

/** The client and health ports of one gateway besides the host's own. */
export interface ExtraGatewayPlan {
  irc: number;
  ircTls?: number;
  health: number;
}

/** The ports of one host. */
export interface Plan {
  irc: number;
  /** The TLS listener's port, when the run is over TLS. */
  ircTls?: number;
  portal: number;
  health: [number, number, number];
  nats: number;
  /** Gateways the bench starts beside the host's own (the scale-out scenario), `gw2`, `gw3`… */
  extraGateways?: ExtraGatewayPlan[];
}

/** How long a host's warm spares may take to stand by before the bench measures anyway. */
const SPARE_WAIT_MS = 30_000;

/**
 * Waits until every host's warm spares stand by: a spare's start (node's loading and compiling,
 * state's rehearsal, about a second of CPU) is part of starting a host, not of the first phase
 * measured on it.
 */
async function spareStandingBy(hosts: readonly RunningHost[]): Promise<void> {
  const deadline = Date.now() + SPARE_WAIT_MS;
  const cold = () => hosts.flatMap((h) => h.status()).filter((s) => s.spare !== undefined && !s.spare.warm);
  while (cold().length > 0) {
    if (Date.now() > deadline) {
      process.stderr.write(`[bench] warm spares still starting after ${SPARE_WAIT_MS} ms; measuring anyway\n`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The ID of the host's n-th gateway (0: the host's own, `gw1`). */
export const gatewayIdOf = (n: number): string => `gw${n + 1}`;

/**
 * A host file like the other systems get: connection, per-IP and flood limits out of the way,
 * a send queue that never drops a benchmark reader, pings that never fire during a run.
 */
export function portalchatHostFile(
  index: number,
  plans: Plan[],
  secret: string,
  workDir: string,
  tls?: StartOptions['tls'],
  history = true,
): object {
  const planOf = (i: number): Plan => {
    const found = plans[i];
    if (!found) throw new Error(`no port plan for host ${i} (${plans.length} planned)`);
    return found;
  };
  const plan = planOf(index);
  const hub = hubOf(plans.length);
  const peers = hub < 0 ? [] : index === hub ? plans.map((_, i) => i).filter((i) => i !== hub) : [hub];
  const endpoint = (port: number) => ({ host: LOOPBACK, port });
  return {
    server: { name: `Bench${index + 1}`, id: FIRST_SERVER_ID + index, description: 'bench' },
    listen: {
      irc: [endpoint(plan.irc)],
      ...(plan.ircTls !== undefined ? { ircTls: [endpoint(plan.ircTls)] } : {}),
      portal: endpoint(plan.portal),
      health: { gateway: endpoint(plan.health[0]), state: endpoint(plan.health[1]), portal: endpoint(plan.health[2]) },
    },
    ...(tls ? { tls } : {}),
    nats: {
      url: `nats://${LOOPBACK}:${plan.nats}`,
      // The locked bus lets in the gateways it knows: the extra ones are listed.
      gateways: (plan.extraGateways ?? []).map((_, i) => gatewayIdOf(i + 1)),
    },
    dataDir: join(workDir, `portalchat-${index}`),
    limits: {
      maxConnections: HUGE,
      maxConnectionsPerIp: HUGE,
      ...UNTHROTTLED_CONNECTS,
      registrationTimeoutSeconds: 600,
      pingIntervalSeconds: 3600,
      pingTimeoutSeconds: 3600,
      sendQBytes: HUGE,
    },
    flood: { burst: HUGE, linesPerSecond: HUGE, maxQueuedLines: HUGE },
    // On, as by default; off for the `portalchat-nohistory` system (what history costs).
    history: { enabled: history },
    // Portal TLS as `npm start` runs it: every host's certificate from one CA made for the run.
    portal: { tls: { caDir: join(workDir, 'portalchat-ca') } },
    portals: peers.map((peer) => ({
      name: `to_bench${peer + 1}`,
      address: LOOPBACK,
      port: planOf(peer).portal,
      serverId: FIRST_SERVER_ID + peer,
      // The leaves dial the hub.
      uplink: index !== hub,
      secret,
    })),
  };
}

/** A Portalchat deployment's variant: history on or off, and gateways per host. */
export interface PortalchatVariant {
  history: boolean;
  /** Gateways per host (default 1); clients spread round-robin over all of them. */
  gateways?: number;
}

/**
 * Starts one extra gateway of a running host, the way an operator adds one: the host's effective
 * configuration with its own IRC and health ports, `--gateway-id`, the services' node flags.
 */
async function startExtraGateway(
  host: RunningHost,
  id: string,
  plan: ExtraGatewayPlan,
  workDir: string,
): Promise<RunningService> {
  const config = host.config;
  const health = { host: LOOPBACK, port: plan.health };
  const file = join(workDir, `${config.server.name}-${id}.yaml`);
  const listen = {
    ...config.listen,
    irc: [{ host: LOOPBACK, port: plan.irc }],
    ircTls: plan.ircTls !== undefined ? [{ host: LOOPBACK, port: plan.ircTls }] : [],
    health: { ...config.listen.health, gateway: health },
  };
  // Like the host's own effective file: it may hold operator and account passwords.
  writeFileSync(file, effectiveConfigYaml({ ...config, listen, gateway: { ...config.gateway, id } }), { mode: 0o600 });
  const service = startService({
    name: id,
    entry: join(DIST_DIR, 'apps/gateway/main.js'),
    args: ['--config', file, '--gateway-id', id],
    nodeArgs: SERVICE_NODE_ARGS,
    output: OutputMode.None,
  });
  try {
    await waitReady(healthBaseUrl(health), 10_000, () =>
      service.isRunning() ? undefined : new Error(`${id} exited during start-up:\n${service.recentOutput()}`),
    );
  } catch (err) {
    await service.stop();
    throw err;
  }
  return service;
}

export async function startPortalchat(
  options: StartOptions,
  variant: PortalchatVariant = { history: true },
): Promise<RunningSystem> {
  const gatewaysPerHost = variant.gateways ?? 1;
  const taken = new Set<number>();
  const port = () => freeLoopbackPort(taken);
  const plans: Plan[] = [];
  for (let i = 0; i < options.servers; i++) {
    plans.push({
      irc: await port(),
      ...(options.tls ? { ircTls: await port() } : {}),
      portal: await port(),
      health: [await port(), await port(), await port()],
      nats: await port(),
    });
  }
  for (const plan of plans) {
    const extraGateways: ExtraGatewayPlan[] = [];
    for (let i = 1; i < gatewaysPerHost; i++)
      extraGateways.push({ irc: await port(), ...(options.tls ? { ircTls: await port() } : {}), health: await port() });
    plan.extraGateways = extraGateways;
  }
  const secret = randomBytes(12).toString('hex');
  const hosts: RunningHost[] = [];
  /** Per host, its extra gateways. */
  const extra: RunningService[][] = [];
  const stop = async () => {
    for (const gateway of extra.flat().reverse()) await gateway.stop();
    for (const host of hosts.reverse()) await host.stop();
  };
  try {
    for (let i = 0; i < options.servers; i++) {
      const file = join(options.workDir, `portalchat-${i}.yaml`);
      mkdirSync(join(options.workDir, `portalchat-${i}`), { recursive: true });
      // JSON is YAML.
      writeFileSync(
        file,
        JSON.stringify(portalchatHostFile(i, plans, secret, options.workDir, options.tls, variant.history)),
      );
      const host = await startHost({ configPath: file, distDir: DIST_DIR, output: OutputMode.None });
      hosts.push(host);
      const gateways: RunningService[] = [];
      extra.push(gateways);
      const plan = plans[i];
      for (const [n, gateway] of (plan?.extraGateways ?? []).entries())
        gateways.push(await startExtraGateway(host, gatewayIdOf(n + 1), gateway, options.workDir));
    }
    await spareStandingBy(hosts);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    name: variant.history ? 'portalchat' : 'portalchat-nohistory',
    // Every gateway's listener, host by host: clients go round-robin over them.
    servers: plans.flatMap((p) =>
      [p, ...(p.extraGateways ?? [])].map((g) =>
        g.ircTls !== undefined ? { host: LOOPBACK, port: g.ircTls, tls: true } : { host: LOOPBACK, port: g.irc },
      ),
    ),
    processes: () =>
      hosts.map((h, i) => [
        ...h.services.map((s) => ({ pid: s.pid, role: s.name })),
        // The extra gateways count with the host's own (one `gateway` figure).
        ...(extra[i] ?? []).map((g) => ({ pid: g.pid, role: 'gateway' })),
        ...(h.nats.pid ? [{ pid: h.nats.pid, role: 'nats' }] : []),
        // The warm spares (state's, the portal's) wait beside the serving processes; whatever
        // CPU they take while the bench measures is part of what a delivery costs.
        ...h.status().flatMap((s) => (s.spare ? [{ pid: s.spare.pid, role: SPARE_ROLE }] : [])),
      ]),
    connectWindow: CONNECT_WINDOW,
    stop,
  };
}
