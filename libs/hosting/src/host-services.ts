import type { Endpoint, HostConfig } from '@portalchat/config';

/** One kind of process a host runs, in start order. */
export interface HostServiceSpec {
  name: string;
  /** Script path relative to the dist directory. */
  entry: string;
  /** Where its /healthz, /readyz and /metrics answer. */
  health: (config: HostConfig) => Endpoint;
  /** The path that must answer 200 before the next service starts (default `/readyz`). */
  readyPath?: string;
  /** Whether this host runs it at all (default: always). */
  enabled?: (config: HostConfig) => boolean;
  /**
   * Stopped before the others when the host stops (the others stop in reverse start order). The
   * portal: the network then sees the host leave as one netsplit (its users QUIT with
   * `<near> <far>`) rather than each user quitting as the gateway closes it.
   */
  stopFirst?: boolean;
  /** Flags for node itself (before the script), e.g. V8 heap settings. */
  nodeArgs?: readonly string[];
  /**
   * Whether the host keeps a warm spare of it (when `host.warmSpares` is on): a process started
   * with `--standby` that takes over after a crash or on an operator's restart (WarmSpare).
   */
  warmSpare?: boolean;
}

/**
 * V8 flags every service runs with. Under a burst (10,000 clients registering) V8 grows the young
 * generation of a process to its default ceiling (2 × 16 MiB semi-spaces in Node 20) and keeps
 * it, a large share of what idle clients cost a host. Capping the semi-spaces at 8 MiB cut that
 * with fan-out latency and CPU per delivery unchanged within noise; 4 MiB saved more but cost
 * fan-out latency (the figures: docs/benchmarks.md, "Changes, measured before and after"). A
 * service started by hand should get the same flag:
 * `node --max-semi-space-size=8 dist/apps/<service>/main.js --config …`.
 */
export const SERVICE_NODE_ARGS: readonly string[] = Object.freeze(['--max-semi-space-size=8']);

/**
 * The services of one host, in start order:
 * - `state` first: the gateway forwards client commands to it from the first connection on;
 * - `portal` next, and only on a host with portals configured (a lone host has nobody to link
 *   to, so a standalone host and the single-host e2e specs run without it). Its /readyz means
 *   "NATS connected and the gRPC listener open", not "links up": a host must come up while its
 *   peers are still down, and the uplinks redial on their own;
 * - `gateway` last, so the first client already finds a host that can reach the network.
 *
 * State and the portal have a warm spare: while either is away its peers hold on (gateways keep
 * their clients and buffer their input; the far portals keep the split pending), so every
 * second of its start is a pause that every client sees. The gateway has none: its crash loses
 * the client sockets, whatever restarts it, and the clients' reconnecting takes longer than
 * its start; a spare would cost its memory on every host for little.
 */
export const HOST_SERVICES: readonly HostServiceSpec[] = [
  {
    name: 'state',
    entry: 'apps/state/main.js',
    health: (config) => config.listen.health.state,
    nodeArgs: SERVICE_NODE_ARGS,
    warmSpare: true,
  },
  {
    name: 'portal',
    entry: 'apps/portal/main.js',
    health: (config) => config.listen.health.portal,
    enabled: (config) => config.portals.length > 0,
    stopFirst: true,
    nodeArgs: SERVICE_NODE_ARGS,
    warmSpare: true,
  },
  {
    name: 'gateway',
    entry: 'apps/gateway/main.js',
    health: (config) => config.listen.health.gateway,
    nodeArgs: SERVICE_NODE_ARGS,
  },
];
