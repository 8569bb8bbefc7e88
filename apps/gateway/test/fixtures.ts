// Shared by the gateway's integration specs: a test host config and a stand-in for state.
import { DEFAULTS, type HostConfig } from '@portalchat/config';
import {
  PROTOCOL_VERSION,
  encodeEnvelope,
  subjects,
  type ConnId,
  type DeliveryBatch,
  type GatewayBatch,
  type GatewayEvent,
  type StateHello,
  type StateInfo,
  type StateOp,
} from '@portalchat/protocol';
import type { NatsConnection } from '@portalchat/service';

type Subscription = ReturnType<NatsConnection['subscribe']>;

export const SERVER_ID = 10;
export const SERVER_NAME = 'irc.test.local';

export function testConfig(limits: Partial<HostConfig['limits']> = {}): HostConfig {
  return {
    source: '<test>',
    server: { name: SERVER_NAME, id: SERVER_ID, description: 'test', network: 'TestNet' },
    listen: {
      irc: [{ host: '127.0.0.1', port: 0 }],
      health: { gateway: { host: '127.0.0.1', port: 0 }, state: { host: '127.0.0.1', port: 0 }, portal: { host: '127.0.0.1', port: 0 } },
      portal: { host: '127.0.0.1', port: 0 },
    },
    nats: { url: 'unused' },
    dataDir: '/tmp',
    gateway: { id: 'gw1' },
    limits: {
      // Only what differs from the product's defaults.
      ...DEFAULTS.limits,
      maxConnections: 50,
      maxConnectionsPerIp: 50,
      registrationTimeoutSeconds: 60,
      pingIntervalSeconds: 120,
      sendQBytes: 1_000_000,
      channelLength: 50,
      awayLength: 200,
      maxChannelsPerUser: 20,
      ...limits,
    },
    flood: { burst: 10, linesPerSecond: 5, maxQueuedLines: 10 },
    motd: [],
    admin: { location1: '', location2: '', email: '' },
    operators: [],
    portals: [],
    ircx: { ...DEFAULTS.ircx, authPackages: [...DEFAULTS.ircx.authPackages] },
    accounts: [],
    channels: [],
  };
}

/** Stands in for the state service: records gateway events and answers StateInfo. */
export class FakeState {
  readonly batches: GatewayBatch[] = [];
  private readonly subscriptions: Subscription[];

  constructor(private readonly nc: NatsConnection, readonly instance: string) {
    this.subscriptions = [
      nc.subscribe(subjects.stateIn(SERVER_ID), {
        callback: (_err, msg) => {
          this.batches.push(msg.json<GatewayBatch>());
        },
      }),
      nc.subscribe(subjects.stateInfo(SERVER_ID), {
        callback: (_err, msg) => {
          const info: StateInfo = { v: PROTOCOL_VERSION, instance: this.instance, serverName: SERVER_NAME, serverId: SERVER_ID, users: 0, channels: 0 };
          msg.respond(encodeEnvelope(info));
        },
      }),
    ];
  }

  /** Announces this instance the way a starting state service does. */
  hello(): void {
    const hello: StateHello = { v: PROTOCOL_VERSION, instance: this.instance };
    this.nc.publish(subjects.stateHello(SERVER_ID), encodeEnvelope(hello));
  }

  /** Leaves the state subjects, as a state process that exits does. */
  stop(): void {
    for (const sub of this.subscriptions.splice(0)) sub.unsubscribe();
  }

  events(gw = 'gw1'): GatewayEvent[] {
    return this.batches.filter((b) => b.gw === gw).flatMap((b) => b.events);
  }

  eventsOf(conn: ConnId, gw = 'gw1'): GatewayEvent[] {
    return this.events(gw).filter((e) => 'conn' in e && e.conn === conn);
  }

  deliver(ops: StateOp[], gw = 'gw1'): void {
    const batch: DeliveryBatch = { v: PROTOCOL_VERSION, ops };
    this.nc.publish(subjects.gatewayOut(SERVER_ID, gw), encodeEnvelope(batch));
  }

  async waitFor<T>(what: string, find: () => T | undefined, timeoutMs = 3000): Promise<T> {
    for (let waited = 0; waited < timeoutMs; waited += 20) {
      const found = find();
      if (found !== undefined) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`fake state: timed out waiting for ${what}; saw ${JSON.stringify(this.events())}`);
  }
}
