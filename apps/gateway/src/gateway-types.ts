// The gateway's contract with its caller (main.ts, tests) and the close options app.ts uses.
import type { AddressInfo } from 'node:net';
import type { HostConfig } from '@portalchat/config';
import type { Logger, NatsConnection, Readiness, ServiceMetrics } from '@portalchat/service';
import type { DisconnectKind } from './gateway-metrics';
import type { AdminBus } from './web/admin-route';

export interface GatewayDeps {
  config: HostConfig;
  gatewayId: string;
  logger: Logger;
  nc: NatsConnection;
  metrics: ServiceMetrics;
  /** Milliseconds; tests may pass a fake. */
  clock?: () => number;
  /** Period of the liveness sweep (ms); a coarse second is plenty for timeouts in seconds. */
  sweepIntervalMs?: number;
  /** How often the gateway asks state for StateInfo (ms; tests shorten it). */
  stateInfoPollMs?: number;
  /** The built web chat client (dist/apps/web), served at `/` of the WebSocket listeners. */
  webClientDir?: string;
  /** The built network map page (apps/map); absent, /map says it is not built. */
  mapAssetsDir?: string;
  /** Where the admin API's requests go (default: this host's NATS, web/admin-bus.ts; tests pass a fake). */
  adminBus?: AdminBus;
}

export interface Gateway {
  /** Listens on every config.listen.irc endpoint and connects to state; returns the addresses. */
  start(): Promise<AddressInfo[]>;
  /**
   * Stops accepting, sends every client away (IRCX REDIRECT / an ERROR naming the other servers
   * of `gateway.redirectTo`: drain.ts), closes it, and leaves NATS subjects.
   */
  stop(): Promise<void>;
  readiness(): Readiness;
  readonly connectionCount: number;
  /** The TLS listeners' addresses, once started (config.listen.ircTls; empty without `tls`). */
  readonly tlsAddresses: AddressInfo[];
  /** The WebSocket listeners' addresses, once started (config.listen.websocket, in order). */
  readonly websocketAddresses: AddressInfo[];
  /**
   * Reads `tls.cert` and `tls.key` again and serves them to new TLS clients (SIGHUP); clients
   * already connected keep their session. A bad pair keeps the old certificate and says why.
   */
  reloadTls(): { ok: true; fingerprint: string } | { ok: false; reason: string };
  /** Takes a reloaded host file (runService's reload): the admin API's accounts and the TLS certificate. */
  reconfigure(config: HostConfig): string;
}

export interface CloseHow {
  kind: DisconnectKind;
  /** Send `ERROR :Closing Link: <ip> (<reason>)` first. */
  errorLine: boolean;
  /** Tell state the connection is gone (not when state itself closed it). */
  notifyState: boolean;
  /** Flush queued output before closing (false: the socket is dead or must not get more). */
  graceful: boolean;
}
