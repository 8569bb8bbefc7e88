import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from './logger';

export type { NatsConnection };

export interface ConnectNatsOptions {
  url: string;
  /** The client name nats-server shows in its connection list, e.g. `gateway-10-gw1`. */
  name: string;
  logger: Logger;
  /** This service's user on a locked bus (libs/config nats-credentials.ts); none on an open one. */
  login?: { user: string; pass: string };
  /** Where its request inboxes live: the bus lets each user read its own only. */
  inboxPrefix?: string;
  /** TLS to a host NATS that serves it (nats.tls): the CA file its certificate is checked against. */
  tls?: { caFile: string };
}

// Whether each connection currently has a server; fed by its status stream (readiness reads it).
const connected = new WeakMap<NatsConnection, boolean>();
// Who wants to know when a connection is back after losing its server (onNatsReconnect).
const reconnectListeners = new WeakMap<NatsConnection, (() => void)[]>();

/**
 * Calls `listener` each time the connection is back after losing its server. Core NATS does not
 * keep what was in flight when the server went away, so the numbered streams send again what was
 * not acknowledged (libs/protocol sequencing.ts). A listener that throws is logged, not propagated.
 */
export function onNatsReconnect(nc: NatsConnection, listener: () => void): () => void {
  const listeners = reconnectListeners.get(nc) ?? [];
  listeners.push(listener);
  reconnectListeners.set(nc, listeners);
  return () => {
    const i = listeners.indexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
  };
}

/**
 * Connects to this host's NATS. A service must outlive NATS restarts, so it waits for the first
 * connection and then reconnects forever; every disconnect/reconnect is logged.
 */
export async function connectNats({
  url,
  name,
  logger,
  login,
  inboxPrefix,
  tls,
}: ConnectNatsOptions): Promise<NatsConnection> {
  const nc = await connect({
    servers: url,
    name,
    ...login,
    ...(tls === undefined ? {} : { tls: { caFile: tls.caFile } }),
    ...(inboxPrefix === undefined ? {} : { inboxPrefix }),
    maxReconnectAttempts: -1,
    // The host supervisor restarts a crashed nats-server at once: retry soon (nats.js waits 2 s
    // by default), so a NATS restart costs clients a pause of well under two seconds.
    reconnectTimeWait: 250,
    reconnectJitter: 100,
    waitOnFirstConnect: true,
  });
  connected.set(nc, true);
  logger.info({ nats: url }, 'connected to NATS');
  void watchStatus(nc, logger);
  return nc;
}

/** True while the connection has a server (false between a disconnect and the reconnect). */
export function isNatsConnected(nc: NatsConnection): boolean {
  return !nc.isClosed() && (connected.get(nc) ?? true);
}

async function watchStatus(nc: NatsConnection, logger: Logger): Promise<void> {
  for await (const status of nc.status()) {
    switch (status.type) {
      case 'disconnect':
        connected.set(nc, false);
        logger.warn({ server: status.server }, 'NATS disconnected');
        break;
      case 'reconnect':
        connected.set(nc, true);
        logger.info({ server: status.server }, 'NATS reconnected');
        for (const listener of [...(reconnectListeners.get(nc) ?? [])]) {
          try {
            listener();
          } catch (err) {
            logger.error({ err }, 'a NATS reconnect listener failed');
          }
        }
        break;
      case 'error':
        logger.error({ err: status.error }, 'NATS error');
        break;
      case 'slowConsumer':
        logger.warn({ subject: status.sub.getSubject(), pending: status.pending }, 'NATS slow consumer');
        break;
      case 'close':
        connected.set(nc, false);
        return;
      default:
        break;
    }
  }
}

/**
 * The largest payload this NATS server accepts, less room for headers; publishing more throws.
 * Falls back to nats-server's default (1 MiB) before the server's INFO has arrived.
 */
export function maxPayload(nc: NatsConnection): number {
  const serverMax = nc.info?.max_payload ?? 1024 * 1024;
  return serverMax - 1024;
}
