/**
 * The gateway when its dependencies fail: state absent, state gone mid-session, NATS restarted.
 * A real nats-server (restarted on the same port), the gateway, a fake state and raw TCP clients.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { ConnId } from '@portalchat/protocol';
import { connectNats, createLogger, createMetrics, type ServiceMetrics } from '@portalchat/service';
import { defined, eventually, IrcTestClient, metricSample, startTestNats, type TestNats } from '@portalchat/testkit';
import { buildGateway, type Gateway } from '../src/app';
import { FakeState, testConfig } from './fixtures';

const logger = createLogger('gateway-test', { level: 'silent' });
const UNAVAILABLE = 'ERROR :Closing Link: 127.0.0.1 (Chat service unavailable, try again later)\r\n';

/** One sample of a gateway metric (`portalchat_<name>`), 0 before its first change, from the registry. */
async function metric(metrics: ServiceMetrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  return metricSample(await metrics.registry.metrics(), `portalchat_${name}`, labels) ?? 0;
}

describe('gateway resilience (integration)', () => {
  let nats: TestNats;
  let gatewayNc: NatsConnection;
  let stateNc: NatsConnection;
  let state: FakeState | undefined;
  let gateway: Gateway;
  let metrics: ServiceMetrics;
  let port: number;
  const clients: IrcTestClient[] = [];
  const gateways: Gateway[] = [];

  /** The fake state an earlier test of this suite started. */
  const fakeState = (): FakeState => defined(state, 'the fake state an earlier test started');

  async function client(p = port): Promise<IrcTestClient> {
    const c = await IrcTestClient.connect({ host: '127.0.0.1', port: p });
    clients.push(c);
    return c;
  }

  /** A client the gateway admitted: state saw its 'open'. */
  async function admittedClient(fake: FakeState, gw = 'gw1', p = port): Promise<{ c: IrcTestClient; conn: ConnId }> {
    const before = fake.events(gw).filter((e) => e.type === 'open').length;
    const c = await client(p);
    const conn = await fake.waitFor('open', () => {
      const opens = fake.events(gw).filter((e) => e.type === 'open');
      return opens[before]?.conn;
    });
    return { c, conn };
  }

  beforeAll(async () => {
    nats = await startTestNats();
    // State's side reconnects quickly; the gateway's uses the services' own NATS setup.
    stateNc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    gatewayNc = await connectNats({ url: nats.url, name: 'gateway-test', logger });
    metrics = createMetrics('gateway');
    gateway = buildGateway({
      config: testConfig(),
      gatewayId: 'gw1',
      logger,
      nc: gatewayNc,
      metrics,
      stateInfoPollMs: 100,
    });
    gateways.push(gateway);
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const g of gateways) await g.stop();
    await gatewayNc?.close();
    await stateNc?.close();
    await nats?.stop();
  });

  it('starts without state within one request timeout and refuses clients, counting them', async () => {
    const startedAt = Date.now();
    const [listener] = await gateway.start();
    port = defined(listener, 'the gateway listener').port;
    // "no responders" answers at once; the bound is the 1 s request timeout.
    expect(Date.now() - startedAt).toBeLessThan(1500);
    expect(gateway.readiness()).toMatchObject({ ready: false, reason: 'state service not answering' });

    const c = await client();
    await c.waitClosed();
    expect(c.received).toBe(UNAVAILABLE);
    expect(gateway.connectionCount).toBe(0);
    expect(await metric(metrics, 'gateway_unavailable_refusals_total')).toBe(1);
    expect(await metric(metrics, 'gateway_disconnects_total', { kind: 'state_unavailable' })).toBe(1);
  });

  it('admits clients as soon as a state hello arrives', async () => {
    state = new FakeState(stateNc, 'state-A');
    await stateNc.flush();
    state.hello();
    await eventually('ready', () => gateway.readiness().ready);
    const { c } = await admittedClient(state);
    expect(c.closed).toBe(false);
  });

  it('keeps its clients but refuses new ones while state is gone, and takes them again when it answers', async () => {
    const previous = fakeState();
    const old = await admittedClient(previous);
    previous.stop();
    await stateNc.flush();
    // "no responders" on the next poll: refused within a poll, not after the whole max age.
    await eventually('not ready', () => !gateway.readiness().ready, { timeoutMs: 1000 });
    const refused = await client();
    await refused.waitClosed();
    expect(refused.received).toBe(UNAVAILABLE);

    // The gateway takes the line (counts it, then forwards it in the same turn) and closes nobody.
    const [linesBefore, openBefore] = [await metric(metrics, 'gateway_lines_in_total'), gateway.connectionCount];
    old.c.send('PING :while-state-is-away');
    await eventually('the line taken', async () => (await metric(metrics, 'gateway_lines_in_total')) > linesBefore);
    expect(gateway.connectionCount).toBe(openBefore);
    expect(old.c.closed).toBe(false);

    // The same instance answering again (it was only unreachable): nobody is closed.
    const back = new FakeState(stateNc, 'state-A');
    state = back;
    await stateNc.flush();
    await eventually('ready again', () => gateway.readiness().ready);
    old.c.send('PING :state-is-back');
    await back.waitFor('line from the old client', () =>
      back.eventsOf(old.conn).find((e) => e.type === 'line' && e.line === 'PING :state-is-back'),
    );
    expect(old.c.closed).toBe(false);
  });

  it('admits the very first client after start when state is up', async () => {
    // The default poll period (1 s): only the poll start() waits for can make it ready this soon.
    const early = buildGateway({
      config: testConfig(),
      gatewayId: 'gw-early',
      logger,
      nc: gatewayNc,
      metrics: createMetrics('gateway'),
    });
    gateways.push(early);
    const [earlyListener] = await early.start();
    const { c } = await admittedClient(fakeState(), 'gw-early', defined(earlyListener, 'the listener').port);
    expect(c.received).toBe('');
    expect(c.closed).toBe(false);
  });

  it('goes not ready without NATS, refuses new clients, keeps old ones and recovers when NATS returns', async () => {
    const fake = fakeState();
    const old = await admittedClient(fake);
    await nats.stop();
    await eventually('NATS disconnect seen', () => gateway.readiness().ready === false, { timeoutMs: 3000 });
    expect(gateway.readiness()).toMatchObject({ ready: false, reason: 'not connected to NATS' });
    const refused = await client();
    await refused.waitClosed();
    expect(refused.received).toBe(UNAVAILABLE);
    expect(old.c.closed).toBe(false);

    nats = await startTestNats({ port: nats.port });
    // nats.js retries every 2 s by default; then the next StateInfo poll answers.
    await eventually('ready after NATS returned', () => gateway.readiness().ready, { timeoutMs: 8000 });
    const fresh = await admittedClient(fake);
    expect(fresh.c.closed).toBe(false);
    old.c.send('PING :after-nats-restart');
    await fake.waitFor('line after the restart', () =>
      fake.eventsOf(old.conn).find((e) => e.type === 'line' && e.line === 'PING :after-nats-restart'),
    );
    expect(old.c.closed).toBe(false);
  }, 20_000);
});
