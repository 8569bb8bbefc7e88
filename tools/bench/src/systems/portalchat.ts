import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UNTHROTTLED_CONNECTS } from '@portalchat/config';
import { OutputMode, startHost, type RunningHost } from '@portalchat/hosting';
import { freeLoopbackPort, hubOf, LOOPBACK } from './external';
import type { RunningSystem, StartOptions } from './types';

/** dist/ of this checkout: the bench runs as dist/tools/bench/main.js. */
export const DIST_DIR = resolve(__dirname, '..', '..');
export const FIRST_SERVER_ID = 10;
const CONNECT_WINDOW = 1000;
const HUGE = 100_000_000;

/** The ports of one host. */
export interface Plan {
  irc: number;
  /** The TLS listener's port, when the run is over TLS. */
  ircTls?: number;
  portal: number;
  health: [number, number, number];
  nats: number;
}

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
    nats: { url: `nats://${LOOPBACK}:${plan.nats}` },
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

export async function startPortalchat(
  options: StartOptions,
  variant: { history: boolean } = { history: true },
): Promise<RunningSystem> {
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
  const secret = randomBytes(12).toString('hex');
  const hosts: RunningHost[] = [];
  const stop = async () => {
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
      hosts.push(await startHost({ configPath: file, distDir: DIST_DIR, output: OutputMode.None }));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    name: variant.history ? 'portalchat' : 'portalchat-nohistory',
    servers: plans.map((p) =>
      p.ircTls !== undefined ? { host: LOOPBACK, port: p.ircTls, tls: true } : { host: LOOPBACK, port: p.irc },
    ),
    processes: () =>
      hosts.map((h) => [
        ...h.services.map((s) => ({ pid: s.pid, role: s.name })),
        ...(h.nats.pid ? [{ pid: h.nats.pid, role: 'nats' }] : []),
      ]),
    connectWindow: CONNECT_WINDOW,
    stop,
  };
}
