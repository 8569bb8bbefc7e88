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

function info(instance: string, lineage = 'h1'): string {
  const reply: StateInfo = {
    v: PROTOCOL_VERSION,
    instance,
    lineage,
    serverName: 's',
    serverId: SID,
    users: 0,
    channels: 0,
  };
  return encodeEnvelope(reply);
}

const hello = (instance: string, lineage = 'h1') => ({ v: PROTOCOL_VERSION, instance, lineage });

function setup(
  options: {
    natsConnected?: () => boolean;
    handlers?: Partial<GatewayNatsAdapterHandlers>;
    maxUnacknowledgedEvents?: number;
  } = {},
) {
  const nats = new FakeNats();
  let now = 0;
  const restarts: string[] = [];
  let instances = 0;
  const link = new GatewayNatsAdapter({
    nc: nats as unknown as NatsConnection,
    serverId: SID,
    gatewayId: 'gw1',
    logger,
    clock: () => now,
    handlers: { onOps: () => {}, onStateRestarted: (i) => restarts.push(i), ...options.handlers },
    natsConnected: options.natsConnected,
    maxUnacknowledgedEvents: options.maxUnacknowledgedEvents,
    stateAwayMs: 5000,
    newInstance: () => `gi-${++instances}`,
    // Only the poll start() makes and explicit ticks run; the tests move the clock instead.
    infoPollMs: 60_000,
    heartbeatMs: 60_000,
  });
  const sent = () => nats.published.map((data) => decodeEnvelope(subjects.stateInAll(SID).payload, data));
  return { nats, link, restarts, sent, advance: (ms: number) => (now += ms) };
}

const turn = () => new Promise((r) => setImmediate(r));

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

  it('stays ready through a short NATS outage: clients keep being admitted', async () => {
    let connected = true;
    const { nats, link, advance } = setup({ natsConnected: () => connected });
    nats.answer = () => Promise.resolve(info('state-A'));
    await link.start();
    connected = false;
    expect(link.readiness()).toMatchObject({ ready: true });
    advance(5001);
    expect(link.readiness()).toMatchObject({ ready: false, reason: 'not connected to NATS' });
    await link.stop();
  });

  it('goes not ready when state has been silent past the grace', async () => {
    const { nats, link, advance } = setup();
    nats.answer = () => Promise.resolve(info('state-A'));
    await link.start();
    advance(5001);
    expect(link.readiness()).toMatchObject({ ready: false, reason: 'state service not answering' });
    await link.stop();
  });

  it('counts a state hello as a sign of life; only a state of another history closes the clients', async () => {
    const { nats, link, restarts } = setup();
    nats.answer = () => Promise.resolve(info('state-A'));
    await link.start();
    nats.deliver(subjects.stateHello(SID), hello('state-A'));
    nats.deliver(subjects.stateHello(SID), hello('state-B'));
    expect(restarts).toEqual([]);
    nats.deliver(subjects.stateHello(SID), hello('state-C', 'h2'));
    expect(restarts).toEqual(['state-C']);
    expect(link.readiness()).toEqual({ ready: true, stateInstance: 'state-C' });
    await link.stop();
  });

  it('sends the unacknowledged events again to a recovered state, and asks for its ops', async () => {
    const { nats, link, sent } = setup();
    nats.answer = () => Promise.resolve(info('state-A'));
    await link.start();
    link.emit({ type: 'line', conn: 1, line: 'JOIN #a' });
    await turn();
    const out = subjects.gatewayOut(SID, 'gw1');
    nats.deliver(out, { v: PROTOCOL_VERSION, gi: 'gi-1', first: 0, ack: 1, ops: [] });
    nats.published.length = 0;
    nats.deliver(subjects.stateHello(SID), hello('state-B'));
    expect(sent()).toEqual([
      { v: 1, gw: 'gw1', gi: 'gi-1', seq: 2, ack: 0, events: [{ type: 'line', conn: 1, line: 'JOIN #a' }] },
      { v: 1, gw: 'gw1', gi: 'gi-1', seq: 3, ack: 0, resend: true, events: [] },
    ]);
    await link.stop();
  });

  it('starts its stream again, with a hello, for a state of another history', async () => {
    const { nats, link, sent } = setup();
    nats.answer = () => Promise.resolve(info('state-A'));
    await link.start();
    await turn();
    nats.published.length = 0;
    nats.deliver(subjects.stateHello(SID), hello('state-B', 'h2'));
    await turn();
    expect(sent()).toEqual([
      { v: 1, gw: 'gw1', gi: 'gi-2', seq: 1, ack: 0, events: [{ type: 'hello', instance: 'gi-2' }] },
    ]);
    await link.stop();
  });

  it('closes its clients and starts again when state says it does not know this instance', async () => {
    const { nats, link, restarts, sent } = setup();
    nats.answer = () => Promise.resolve(info('state-A'));
    await link.start();
    await turn();
    const out = subjects.gatewayOut(SID, 'gw1');
    // Before state took anything (it missed the hello): everything goes again, nobody is closed.
    nats.published.length = 0;
    nats.deliver(out, { v: PROTOCOL_VERSION, gi: 'gi-1', first: 0, ack: 0, reset: true, ops: [] });
    expect(restarts).toEqual([]);
    expect(sent().map((b) => [b.seq, b.events.length, b.resend])).toEqual([
      [1, 1, undefined],
      [2, 0, true],
    ]);
    // Once state had taken the hello, a reset means it forgot this instance's clients.
    nats.deliver(out, { v: PROTOCOL_VERSION, gi: 'gi-1', first: 0, ack: 1, ops: [] });
    nats.published.length = 0;
    nats.deliver(out, { v: PROTOCOL_VERSION, gi: 'gi-0', first: 0, ack: 0, reset: true, ops: [] });
    expect(restarts).toEqual([]); // another instance's reset is not for us
    nats.deliver(out, { v: PROTOCOL_VERSION, gi: 'gi-1', first: 0, ack: 0, reset: true, ops: [] });
    expect(restarts).toEqual(['state-A']);
    await turn();
    expect(sent()).toEqual([
      { v: 1, gw: 'gw1', gi: 'gi-2', seq: 1, ack: 0, events: [{ type: 'hello', instance: 'gi-2' }] },
    ]);
    await link.stop();
  });

  it('applies each op once, in order, and asks again when ops are missing', async () => {
    const applied: StateOp[] = [];
    const { nats, link, sent } = setup({ handlers: { onOps: (ops) => applied.push(...ops) } });
    await link.start();
    await turn();
    const out = subjects.gatewayOut(SID, 'gw1');
    const op = (line: string): StateOp => ({ type: 'send', to: [1], line });
    nats.deliver(out, { v: PROTOCOL_VERSION, gi: 'gi-1', first: 1, ack: 0, ops: [op('1'), op('2')] });
    nats.deliver(out, { v: PROTOCOL_VERSION, gi: 'gi-1', first: 2, ack: 0, ops: [op('2'), op('3')] });
    nats.published.length = 0;
    nats.deliver(out, { v: PROTOCOL_VERSION, gi: 'gi-1', first: 7, ack: 0, ops: [op('7')] });
    expect(applied.map((o) => (o.type === 'send' ? o.line : o.type))).toEqual(['1', '2', '3']);
    expect(sent()).toEqual([{ v: 1, gw: 'gw1', gi: 'gi-1', seq: 2, ack: 3, resend: true, events: [] }]);
    await link.stop();
  });

  it('keeps events while NATS is down and sends them when it is back; pauses input past the bound', async () => {
    let connected = true;
    const pauses: boolean[] = [];
    const { nats, link, sent } = setup({
      natsConnected: () => connected,
      maxUnacknowledgedEvents: 3,
      handlers: { onBackpressure: (paused) => pauses.push(paused) },
    });
    nats.answer = () => Promise.resolve(info('state-A'));
    await link.start();
    await turn();
    connected = false;
    for (const line of ['a', 'b', 'c']) link.emit({ type: 'line', conn: 1, line });
    await turn();
    expect(pauses).toEqual([true]);
    nats.published.length = 0;
    connected = true;
    // What NATS coming back and a recovered state have in common: everything unacknowledged goes again.
    nats.deliver(subjects.stateHello(SID), hello('state-B'));
    expect(sent().flatMap((b) => b.events)).toEqual([
      { type: 'hello', instance: 'gi-1' },
      { type: 'line', conn: 1, line: 'a' },
      { type: 'line', conn: 1, line: 'b' },
      { type: 'line', conn: 1, line: 'c' },
    ]);
    nats.deliver(subjects.gatewayOut(SID, 'gw1'), { v: PROTOCOL_VERSION, gi: 'gi-1', first: 0, ack: 4, ops: [] });
    expect(pauses).toEqual([true, false]);
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
    expect(() => nats.deliver(out, { v: PROTOCOL_VERSION, gi: 'gi-1', first: 1, ack: 0, ops: [op] })).not.toThrow();
    nats.deliver(out, { v: PROTOCOL_VERSION, gi: 'gi-1', first: 2, ack: 0, ops: [op] });
    expect(batches).toEqual([[op]]);
    await link.stop();
  });

  it('does not let a throwing restart handler escape the hello callback', async () => {
    const onStateRestarted = () => {
      throw new Error('close failed');
    };
    const { nats, link } = setup({ handlers: { onStateRestarted } });
    await link.start();
    nats.deliver(subjects.stateHello(SID), hello('state-A'));
    expect(() => nats.deliver(subjects.stateHello(SID), hello('state-B', 'h2'))).not.toThrow();
    await link.stop();
  });
});
