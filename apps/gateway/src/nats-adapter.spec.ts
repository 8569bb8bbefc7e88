import {
  PROTOCOL_VERSION,
  decodeEnvelope,
  encodeEnvelope,
  subjects,
  type StateInfo,
  type StateOp,
  type Subject,
} from '@portalchat/protocol';
import { createLogger, type NatsConnection } from '@portalchat/service';
import { GatewayNatsAdapter, type GatewayNatsAdapterHandlers } from './nats-adapter';

const SID = 10;
const logger = createLogger('gateway-nats-adapter-test', { level: 'silent' });

type Callback = (err: Error | null, msg: { string(): string }) => void;

/** The few NatsConnection calls GatewayNatsAdapter makes, recorded; requests answered by `answer`. */
class FakeNats {
  readonly callbacks = new Map<string, Callback>();
  readonly published: string[] = [];
  answer: () => Promise<string> = () => Promise.reject(noResponders());

  subscribe(subject: string, opts: { callback: Callback }) {
    this.callbacks.set(subject, opts.callback);
    return { unsubscribe: () => this.callbacks.delete(subject) };
  }
  publish(_subject: string, data: string): void {
    this.published.push(data);
  }
  async request() {
    const data = await this.answer();
    return { string: () => data };
  }
  isClosed() {
    return false;
  }
  flush() {
    return Promise.resolve();
  }
  deliver<T extends { v: number }>(subject: Subject<T>, payload: NoInfer<T>): void {
    const callback = this.callbacks.get(subject.name);
    if (callback === undefined) throw new Error(`nothing subscribed to ${subject.name}`);
    callback(null, { string: () => encodeEnvelope(payload) });
  }
}

function noResponders(): Error {
  return Object.assign(new Error('no responders'), { isNoResponders: () => true });
}

function info(instance: string): string {
  const reply: StateInfo = { v: PROTOCOL_VERSION, instance, serverName: 's', serverId: SID, users: 0, channels: 0 };
  return encodeEnvelope(reply);
}

function setup(
  options: {
    natsConnected?: () => boolean;
    handlers?: Partial<GatewayNatsAdapterHandlers>;
    offlineLineBudgetBytes?: number;
  } = {},
) {
  const nats = new FakeNats();
  let now = 0;
  const restarts: string[] = [];
  const link = new GatewayNatsAdapter({
    nc: nats as unknown as NatsConnection,
    serverId: SID,
    gatewayId: 'gw1',
    instance: 'gw-instance',
    logger,
    clock: () => now,
    handlers: { onOps: () => {}, onStateRestarted: (i) => restarts.push(i), ...options.handlers },
    natsConnected: options.natsConnected,
    offlineLineBudgetBytes: options.offlineLineBudgetBytes,
    infoPollMs: 60_000, // only the poll start() makes runs; the tests move the clock instead
  });
  return { nats, link, restarts, advance: (ms: number) => (now += ms) };
}

describe('GatewayNatsAdapter', () => {
  it('is ready once start() has its first StateInfo answer', async () => {
    const { nats, link } = setup();
    nats.answer = () => Promise.resolve(info('state-A'));
    await link.start();
    expect(link.readiness()).toEqual({ ready: true, stateInstance: 'state-A' });
    await link.stop();
  });

  it('finishes start() without state and is not ready', async () => {
    const { link } = setup();
    await link.start();
    expect(link.readiness()).toEqual({ ready: false, reason: 'state service not answering', stateInstance: undefined });
    await link.stop();
  });

  it('says "not connected to NATS" while NATS is down, whatever state said last', async () => {
    let connected = true;
    const { nats, link } = setup({ natsConnected: () => connected });
    nats.answer = () => Promise.resolve(info('state-A'));
    await link.start();
    connected = false;
    expect(link.readiness()).toMatchObject({ ready: false, reason: 'not connected to NATS' });
    connected = true;
    expect(link.readiness()).toMatchObject({ ready: true });
    await link.stop();
  });

  it('goes not ready when state has been silent past the max age', async () => {
    const { nats, link, advance } = setup();
    nats.answer = () => Promise.resolve(info('state-A'));
    await link.start();
    advance(5001);
    expect(link.readiness()).toMatchObject({ ready: false, reason: 'state service not answering' });
    await link.stop();
  });

  it('counts a state hello as a sign of life, and a new instance as a restart', async () => {
    const { nats, link, restarts } = setup();
    nats.answer = () => Promise.resolve(info('state-A'));
    await link.start();
    nats.deliver(subjects.stateHello(SID), { v: PROTOCOL_VERSION, instance: 'state-A' });
    expect(restarts).toEqual([]);
    nats.deliver(subjects.stateHello(SID), { v: PROTOCOL_VERSION, instance: 'state-B' });
    expect(restarts).toEqual(['state-B']);
    expect(link.readiness()).toEqual({ ready: true, stateInstance: 'state-B' });
    await link.stop();
  });

  it('keeps applying delivery batches after a handler threw on one', async () => {
    let calls = 0;
    const batches: StateOp[][] = [];
    const onOps = (o: StateOp[]) => {
      if (++calls === 1) throw new Error('bad batch');
      batches.push(o);
    };
    const { nats, link } = setup({ handlers: { onOps } });
    await link.start();
    const op: StateOp = { type: 'send', to: [1], line: 'x' };
    const out = subjects.gatewayOut(SID, 'gw1');
    expect(() => nats.deliver(out, { v: PROTOCOL_VERSION, ops: [op] })).not.toThrow();
    nats.deliver(out, { v: PROTOCOL_VERSION, ops: [op] });
    expect(batches).toEqual([[op]]);
    await link.stop();
  });

  it('does not let a throwing restart handler escape the hello callback', async () => {
    const onStateRestarted = () => {
      throw new Error('close failed');
    };
    const { nats, link } = setup({ handlers: { onStateRestarted } });
    await link.start();
    nats.deliver(subjects.stateHello(SID), { v: PROTOCOL_VERSION, instance: 'state-A' });
    expect(() => nats.deliver(subjects.stateHello(SID), { v: PROTOCOL_VERSION, instance: 'state-B' })).not.toThrow();
    await link.stop();
  });

  it('keeps at most the offline budget of client lines while NATS is down, but every closed event', async () => {
    let connected = true;
    const { nats, link } = setup({ natsConnected: () => connected, offlineLineBudgetBytes: 10 });
    await link.start();
    connected = false;
    for (const line of ['12345', '67890', 'dropped', 'dropped too']) link.emit({ type: 'line', conn: 1, line });
    link.emit({ type: 'closed', conn: 1, reason: 'Ping timeout: 300 seconds' });
    connected = true;
    link.emit({ type: 'line', conn: 2, line: 'after NATS returned' });
    await new Promise((r) => setImmediate(r));
    const events = nats.published.flatMap((data) => decodeEnvelope(subjects.stateIn(SID).payload, data).events);
    expect(events).toEqual([
      { type: 'hello', instance: 'gw-instance' },
      { type: 'line', conn: 1, line: '12345' },
      { type: 'line', conn: 1, line: '67890' },
      { type: 'closed', conn: 1, reason: 'Ping timeout: 300 seconds' },
      { type: 'line', conn: 2, line: 'after NATS returned' },
    ]);
    await link.stop();
  });
});
