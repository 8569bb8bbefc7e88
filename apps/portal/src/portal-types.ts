import type { HostConfig, PortalConfig } from '@portalchat/config';
import type { NetServer } from '@portalchat/protocol';
import type { Logger, NatsConnection, Readiness, ServiceMetrics } from '@portalchat/service';
import type { LinkTimings } from './link';
import type { PortalStatus } from './link-status';

export interface PortalDeps {
  config: HostConfig;
  logger: Logger;
  nc: NatsConnection;
  metrics: ServiceMetrics;
  clock?: () => number;
  /** Handshake timeout, ping interval and dead-link time (tests shorten them). */
  timings?: LinkTimings;
  /** Longest wait between two dials of an uplink portal (ms). */
  redialCapMs?: number;
  /** How long state may take to send a burst (ms). */
  burstTimeoutMs?: number;
  /** How often the server table is re-sent with fresh link figures (ms). */
  tableRefreshMs?: number;
}

export interface Portal {
  /** Subscribes to state, listens for peers and dials the uplink portals; resolves with the gRPC address. */
  start(): Promise<{ host: string; port: number }>;
  stop(): Promise<void>;
  readiness(): Readiness;
  /** Every configured portal's link status. */
  statuses(): PortalStatus[];
  /** The network as this portal sees it. */
  servers(): NetServer[];
  /** Configures and (an uplink) dials one more portal now; undefined when done, else why not. */
  addPortal(portal: PortalConfig, by: string): string | undefined;
  /** Ends a portal's link at once and forgets the portal; undefined when done, else why not. */
  removePortal(name: string, reason: string): string | undefined;
  /** Takes a reloaded host file: links the portals it adds, removes those it drops. */
  reconfigure(config: HostConfig): string;
}
