// Shared by the gateway's integration specs: a test host config and a stand-in for state.
import { testHostConfig, type HostConfig } from '@portalchat/config';
import {
  PROTOCOL_VERSION,
  subjects,
  type ConnId,
  type GatewayBatch,
  type GatewayEvent,
  type StateOp,
} from '@portalchat/protocol';
import {
  createLogger,
  publishEnvelope,
  serveRequests,
  subscribeEnvelopes,
  type NatsConnection,
} from '@portalchat/service';
import { eventually, type NotYet } from '@portalchat/testkit';

type Subscription = ReturnType<NatsConnection['subscribe']>;

export const SERVER_ID = 10;
export const SERVER_NAME = 'irc.test.local';

const logger = createLogger('fake-state', { level: 'silent' });

export function testConfig(limits: Partial<HostConfig['limits']> = {}): HostConfig {
  return testHostConfig({ server: { name: SERVER_NAME, id: SERVER_ID }, nats: { url: 'unused' }, limits });
}

/** Stands in for the state service: records gateway events and answers StateInfo. */
export class FakeState {
  readonly batches: GatewayBatch[] = [];
  private readonly subscriptions: Subscription[];

  constructor(
    private readonly nc: NatsConnection,
    readonly instance: string,
  ) {
    this.subscriptions = [
      subscribeEnvelopes(nc, subjects.stateIn(SERVER_ID), logger, (batch) => {
        this.batches.push(batch);
      }),
      serveRequests(nc, subjects.stateInfo(SERVER_ID), logger, () => ({
        v: PROTOCOL_VERSION,
        instance: this.instance,
        serverName: SERVER_NAME,
        serverId: SERVER_ID,
        users: 0,
        channels: 0,
      })),
    ];
  }

  /** Announces this instance the way a starting state service does. */
  hello(): void {
    publishEnvelope(this.nc, subjects.stateHello(SERVER_ID), { v: PROTOCOL_VERSION, instance: this.instance });
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
    publishEnvelope(this.nc, subjects.gatewayOut(SERVER_ID, gw), { v: PROTOCOL_VERSION, ops });
  }

  /** eventually(), quoting every event this fake state saw when it gives up. */
  waitFor<T>(what: string, find: () => T | NotYet, timeoutMs = 3000): Promise<T> {
    return eventually(`fake state: ${what}`, find, { timeoutMs, detail: () => `saw ${JSON.stringify(this.events())}` });
  }
}
