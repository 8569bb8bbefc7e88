/**
 * The gateway when its dependencies fail: state absent, state restarted mid-session (recovered or
 * empty), state gone for good, NATS restarted.
 * A real nats-server (restarted on the same port), the gateway, a fake state and raw TCP clients.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { subjects, type ConnId } from '@portalchat/protocol';
import { connectNats, createLogger, createMetrics, isNatsConnected, type ServiceMetrics } from '@portalchat/service';
import { defined, eventually, IrcTestClient, metricSample, startTestNats, type TestNats } from '@portalchat/testkit';
import { buildGateway, type Gateway } from '../src/app';
import { FakeState, SERVER_ID, testConfig } from './fixtures';

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

  it('keeps its clients and admits new ones while state restarts; what they sent meanwhile arrives once', async () => {
    const previous = fakeState();
    const old = await admittedClient(previous);
    previous.stop();
    await stateNc.flush();
    await eventually('state gone (no responders)', async () => !(await stateAnswers()));
    old.c.send('PING :while-state-is-away');
    // Within stateAwaySeconds a new client is admitted, its input kept for state.
    const newcomer = await client();
    newcomer.send('NICK newcomer');
    expect(gateway.readiness().ready).toBe(true);

    // The same history answering again (state restarted and recovered): the gateway sends what
    // it kept, and nobody is closed.
    const back = new FakeState(stateNc, 'state-A2', previous.lineage, previous.streams);
    state = back;
    await stateNc.flush();
    back.hello();
    await back.waitFor('the line sent while state was away', () =>
      back.eventsOf(old.conn).find((e) => e.type === 'line' && e.line === 'PING :while-state-is-away'),
    );
    await back.waitFor('the newcomer', () =>
      back.events().find((e) => e.type === 'line' && e.line === 'NICK newcomer'),
    );
    expect(
      back.eventsOf(old.conn).filter((e) => e.type === 'line' && e.line === 'PING :while-state-is-away'),
    ).toHaveLength(1);
    expect(old.c.closed).toBe(false);
    expect(newcomer.closed).toBe(false);
    newcomer.close();
  });

  it('refuses new clients once state has been away past stateAwaySeconds', async () => {
    const isolatedNc = await connectNats({ url: nats.url, name: 'gateway-away-test', logger });
    const away = buildGateway({
      config: testConfig({ stateAwaySeconds: 1 }),
      gatewayId: 'gw-away',
      logger,
      nc: isolatedNc,
      metrics: createMetrics('gateway'),
      stateInfoPollMs: 100,
    });
    gateways.push(away);
    const [listener] = await away.start();
    const awayPort = defined(listener, 'the listener').port;
    const fake = fakeState();
    await admittedClient(fake, 'gw-away', awayPort);
    fake.stop();
    await stateNc.flush();
    await eventually('not ready after the grace', () => !away.readiness().ready, { timeoutMs: 4000 });
    const refused = await client(awayPort);
    await refused.waitClosed();
    expect(refused.received).toBe(UNAVAILABLE);
    const back = new FakeState(stateNc, 'state-A3', fake.lineage, fake.streams);
    state = back;
    await stateNc.flush();
    back.hello();
    await eventually('ready again', () => away.readiness().ready);
    await away.stop();
    await isolatedNc.close();
  });

  /** Whether anything answers StateInfo right now. */
  async function stateAnswers(): Promise<boolean> {
    return stateNc
      .request(subjects.stateInfo(SERVER_ID).name, '{"v":1}', { timeout: 500 })
      .then(() => true)
      .catch(() => false);
  }

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

  it('keeps its clients through a NATS restart, and what they sent meanwhile reaches state once', async () => {
    const fake = fakeState();
    const old = await admittedClient(fake);
    await nats.stop();
    await eventually('NATS disconnect seen', () => !isNatsConnected(gatewayNc), { timeoutMs: 3000 });
    old.c.send('PING :during-the-nats-restart');
    expect(gateway.readiness().ready).toBe(true);

    nats = await startTestNats({ port: nats.port });
    // nats.js retries every 2 s by default; on reconnect the gateway sends what state has not taken.
    await fake.waitFor(
      'the line sent while NATS was down',
      () => fake.eventsOf(old.conn).find((e) => e.type === 'line' && e.line === 'PING :during-the-nats-restart'),
      8000,
    );
    const fresh = await admittedClient(fake);
    expect(fresh.c.closed).toBe(false);
    old.c.send('PING :after-nats-restart');
    await fake.waitFor('line after the restart', () =>
      fake.eventsOf(old.conn).find((e) => e.type === 'line' && e.line === 'PING :after-nats-restart'),
    );
    const during = fake
      .eventsOf(old.conn)
      .filter((e) => e.type === 'line' && e.line === 'PING :during-the-nats-restart');
    expect(during).toHaveLength(1);
    expect(old.c.closed).toBe(false);
  }, 20_000);
});
