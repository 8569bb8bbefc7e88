// Shared by the gateway's integration specs: a test host config and a stand-in for state.
import { testHostConfig, type HostConfig } from '@portalchat/config';
import {
  PROTOCOL_VERSION,
  ReceiveCursor,
  SentLog,
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

/**
 * Stands in for the state service: takes each gateway instance's numbered events once (recording
 * them), acknowledges them, numbers its deliveries, and answers StateInfo. Two FakeStates with the
 * same `lineage` behave like one state that restarted and recovered: pass the first one's
 * `streams` to the second.
 */
export class FakeState {
  readonly batches: GatewayBatch[] = [];
  private readonly subscriptions: Subscription[];

  constructor(
    private readonly nc: NatsConnection,
    readonly instance: string,
    readonly lineage = 'history-1',
    /** Per gateway ID: its instance, the events taken, the ops sent (what a state's history keeps). */
    readonly streams = new Map<string, { gi: string; taken: ReceiveCursor; sent: SentLog<StateOp> }>(),
  ) {
    this.subscriptions = [
      subscribeEnvelopes(nc, subjects.stateInAll(SERVER_ID), logger, (batch) => this.take(batch)),
      serveRequests(nc, subjects.stateInfo(SERVER_ID), logger, () => ({
        v: PROTOCOL_VERSION,
        instance: this.instance,
        lineage: this.lineage,
        serverName: SERVER_NAME,
        serverId: SERVER_ID,
        users: 0,
        channels: 0,
      })),
    ];
  }

  private take(batch: GatewayBatch): void {
    let stream = this.streams.get(batch.gw);
    if (stream?.gi !== batch.gi) {
      if (batch.events.length === 0 || batch.seq !== 1) return;
      stream = { gi: batch.gi, taken: new ReceiveCursor(), sent: new SentLog() };
      this.streams.set(batch.gw, stream);
    }
    stream.sent.ack(batch.ack);
    if (batch.resend) this.send(batch.gw, stream.sent.after(batch.ack));
    if (batch.events.length === 0) return;
    const verdict = stream.taken.offer(batch.seq, batch.events.length);
    if (!verdict.take || verdict.skip === batch.events.length) return;
    this.batches.push({ ...batch, seq: batch.seq + verdict.skip, events: batch.events.slice(verdict.skip) });
    this.send(batch.gw, []);
  }

  private send(gw: string, runs: { first: number; items: StateOp[] }[]): void {
    const stream = this.streams.get(gw);
    if (!stream) return;
    const ack = stream.taken.last;
    const subject = subjects.gatewayOut(SERVER_ID, gw);
    if (runs.length === 0)
      publishEnvelope(this.nc, subject, { v: PROTOCOL_VERSION, gi: stream.gi, first: 0, ack, ops: [] });
    for (const { first, items } of runs) {
      publishEnvelope(this.nc, subject, { v: PROTOCOL_VERSION, gi: stream.gi, first, ack, ops: items });
    }
  }

  /** Announces this instance the way a starting state service does. */
  hello(): void {
    publishEnvelope(this.nc, subjects.stateHello(SERVER_ID), {
      v: PROTOCOL_VERSION,
      instance: this.instance,
      lineage: this.lineage,
    });
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

  /** Numbered ops for the gateway's current instance. */
  deliver(ops: StateOp[], gw = 'gw1'): void {
    const stream = this.streams.get(gw);
    if (!stream) throw new Error(`the fake state has not heard from gateway ${gw}`);
    this.send(gw, [{ first: stream.sent.append(ops), items: ops }]);
  }

  /** eventually(), quoting every event this fake state saw when it gives up. */
  waitFor<T>(what: string, find: () => T | NotYet, timeoutMs = 3000): Promise<T> {
    return eventually(`fake state: ${what}`, find, { timeoutMs, detail: () => `saw ${JSON.stringify(this.events())}` });
  }
}
