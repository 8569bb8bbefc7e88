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
}

/**
 * The services of one host, in start order:
 * - `state` first: the gateway forwards client commands to it from the first connection on;
 * - `portal` next, and only on a host with portals configured (a lone host has nobody to link
 *   to, so a standalone host and the single-host e2e specs run without it). Its /readyz means
 *   "NATS connected and the gRPC listener open", not "links up": a host must come up while its
 *   peers are still down, and the uplinks redial on their own;
 * - `gateway` last, so the first client already finds a host that can reach the network.
 */
export const HOST_SERVICES: readonly HostServiceSpec[] = [
  { name: 'state', entry: 'apps/state/main.js', health: (config) => config.listen.health.state },
  {
    name: 'portal',
    entry: 'apps/portal/main.js',
    health: (config) => config.listen.health.portal,
    enabled: (config) => config.portals.length > 0,
    stopFirst: true,
  },
  { name: 'gateway', entry: 'apps/gateway/main.js', health: (config) => config.listen.health.gateway },
];
