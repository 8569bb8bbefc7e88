import type { Endpoint, HostConfig } from '@portalchat/config';

/** One kind of process a host runs, in start order. */
export interface HostServiceSpec {
  name: string;
  /** Script path relative to the dist directory. */
  entry: string;
  /** Where its /healthz, /readyz and /metrics answer. */
  health: (config: HostConfig) => Endpoint;
  /** Whether this host runs it at all (default: always). */
  enabled?: (config: HostConfig) => boolean;
}

/**
 * The services of one host. `state` comes first: the gateway forwards client commands to it from
 * the first connection on. The portal joins this list with the portals issue:
 * `{ name: 'portal', entry: 'apps/portal/main.js', health: (c) => c.listen.health.portal,
 *    enabled: (c) => c.portals.length > 0 }`.
 */
export const HOST_SERVICES: readonly HostServiceSpec[] = [
  { name: 'state', entry: 'apps/state/main.js', health: (config) => config.listen.health.state },
  { name: 'gateway', entry: 'apps/gateway/main.js', health: (config) => config.listen.health.gateway },
];
