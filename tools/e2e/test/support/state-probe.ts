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

/** The state's debug snapshot (apps/state/src/engine/snapshot.ts): network-wide fields only. */
export interface StateSnapshot {
  users: Array<{
    uid: string;
    nick: string;
    username: string;
    hostname: string;
    server: string;
    modes: string;
    away: string | null;
  }>;
  channels: Array<{
    name: string;
    createdAt: number;
    modes: string;
    key: string | null;
    limit: number | null;
    topic: string | null;
    bans: string[];
    members: string[];
  }>;
}

/**
 * Asks one host's state for its view of the network over that host's NATS
 * (`subjects.stateInfo` with `snapshot: true`), as an operator's debug tool would.
 */
export class StateProbe {
  private connection: Promise<NatsConnection> | undefined;

  constructor(
    private readonly natsUrl: string,
    private readonly serverId: number,
    /** The host's data directory: the probe logs in as `operator` with the host's generated password. */
    private readonly dataDir?: string,
  ) {}

  async info(snapshot: boolean): Promise<StateInfo> {
    const login =
      this.dataDir === undefined
        ? undefined
        : natsLoginFor({ dataDir: this.dataDir, nats: { auth: 'generated' } }, 'operator');
    this.connection ??= connect({ servers: this.natsUrl, name: 'e2e-state-probe', ...login });
    const nc = await this.connection;
    const subject = subjects.stateInfo(this.serverId);
    const request: StateInfoRequest = { v: PROTOCOL_VERSION, snapshot };
    const reply = await nc.request(subject.name, encodeEnvelope(request), { timeout: 3000 });
    return decodeEnvelope(subject.reply, reply.string());
  }

  async snapshot(): Promise<StateSnapshot> {
    return (await this.info(true)).snapshot as StateSnapshot;
  }

  /** Users this state knows (local and remote). */
  async userCount(): Promise<number> {
    return (await this.info(false)).users;
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await (await connection.catch(() => undefined))?.close();
  }
}
