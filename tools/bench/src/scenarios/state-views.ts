import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsLoginFor } from '@portalchat/config';
import {
  decodeEnvelope,
  encodeEnvelope,
  PROTOCOL_VERSION,
  subjects,
  type StateInfo,
  type StateInfoRequest,
} from '@portalchat/protocol';
import type { ServerView, ViewSnapshot } from './view-compare';

const REQUEST_TIMEOUT_MS = 3000;

export interface ViewedHost {
  name: string;
  id: number;
  natsUrl: string;
  /** Its data directory: the views log in as `operator` with the password the host generated. */
  dataDir: string;
}

/** A state's counts, or why it gave none. */
export type ServerCounts = { server: string; users: number; channels: number } | { server: string; error: string };

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Asks each host's state for its view of the network over that host's NATS (a StateInfo request,
 * as the e2e suite's StateProbe does). The connections redial on their own when a NATS server
 * restarts; meanwhile that host answers with an error.
 */
export class StateViews {
  private readonly connections = new Map<string, Promise<NatsConnection>>();

  constructor(private readonly hosts: readonly ViewedHost[]) {}

  /** Users and channels each state counts: cheap enough to poll. */
  counts(): Promise<ServerCounts[]> {
    return Promise.all(
      this.hosts.map(async (host): Promise<ServerCounts> => {
        try {
          const info = await this.info(host, false);
          return { server: host.name, users: info.users, channels: info.channels };
        } catch (err) {
          return { server: host.name, error: reason(err) };
        }
      }),
    );
  }

  /** Each state's full snapshot (users, channels, members, modes). */
  views(): Promise<ServerView[]> {
    return Promise.all(
      this.hosts.map(async (host): Promise<ServerView> => {
        try {
          const info = await this.info(host, true);
          if (!info.snapshot) return { server: host.name, error: 'the answer had no snapshot' };
          return { server: host.name, snapshot: info.snapshot as ViewSnapshot };
        } catch (err) {
          return { server: host.name, error: reason(err) };
        }
      }),
    );
  }

  async close(): Promise<void> {
    const pending = [...this.connections.values()];
    this.connections.clear();
    for (const connection of pending) await (await connection.catch(() => undefined))?.close();
  }

  private async info(host: ViewedHost, snapshot: boolean): Promise<StateInfo> {
    let connection = this.connections.get(host.name);
    if (!connection) {
      const login = natsLoginFor({ dataDir: host.dataDir, nats: { auth: 'generated' } }, 'operator');
      connection = connect({
        ...login,
        servers: host.natsUrl,
        name: 'bench-state-views',
        // Keep redialling while a NATS server restarts, and soon.
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
      });
      // A first dial that failed is tried again on the next question.
      connection.catch(() => this.connections.delete(host.name));
      this.connections.set(host.name, connection);
    }
    const nc = await connection;
    const subject = subjects.stateInfo(host.id);
    const request: StateInfoRequest = { v: PROTOCOL_VERSION, snapshot };
    const reply = await nc.request(subject.name, encodeEnvelope(request), { timeout: REQUEST_TIMEOUT_MS });
    return decodeEnvelope(subject.reply, reply.string());
  }
}
