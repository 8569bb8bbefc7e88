import { connect, type NatsConnection } from '@nats-io/transport-node';
import { subjects, PROTOCOL_VERSION, type GatewayEvent } from '@portalchat/protocol';
import {
  buildHealthServer,
  createLogger,
  createMetrics,
  publishEnvelope,
  requestEnvelope,
  subscribeEnvelopes,
} from '@portalchat/service';
import { eventually, startTestNats, type TestNats } from '@portalchat/testkit';
import { buildState, type StateService } from '../src/app';
import { makeConfig } from '../src/testing/harness';

/**
 * The state service behind its real NATS adapter: a fake gateway publishes batches on the
 * subjects a real one uses and reads the deliveries back; health and metrics through inject().
 */
describe('state service over NATS', () => {
  const config = makeConfig({ server: { id: 42, name: 'irc.state.test' } });
  let nats: TestNats;
  let serviceConn: NatsConnection;
  let gateway: NatsConnection;
  let service: StateService;
  let health: ReturnType<typeof buildHealthServer>;
  const received: string[] = [];
  const hellos: string[] = [];
  const logger = createLogger('state', { level: 'silent' });

  beforeAll(async () => {
    nats = await startTestNats();
    gateway = await connect({ servers: nats.url });
    subscribeEnvelopes(gateway, subjects.gatewayOut(42, 'gwA'), logger, (batch) => {
      for (const op of batch.ops) if (op.type === 'send') received.push(...op.line.split('\r\n'));
    });
    subscribeEnvelopes(gateway, subjects.stateHello(42), logger, (hello) => {
      hellos.push(hello.instance);
    });
    await gateway.flush();
    serviceConn = await connect({ servers: nats.url });
    const metrics = createMetrics('state');
    service = buildState({ config, nc: serviceConn, logger, metrics });
    health = buildHealthServer({ service: 'state', readiness: service.readiness, registry: metrics.registry, logger });
    await service.start();
  });

  afterAll(async () => {
    await service.stop();
    await health.close();
    await serviceConn.close();
    await gateway.close();
    await nats.stop();
  });

  const publish = (events: GatewayEvent[]) => {
    publishEnvelope(gateway, subjects.stateIn(42), { v: PROTOCOL_VERSION, gw: 'gwA', events });
  };

  const waitForLine = (pattern: RegExp): Promise<string> =>
    eventually(`a line matching ${pattern}`, () => received.find((l) => pattern.test(l)), {
      timeoutMs: 3000,
      detail: () => `got:\n${received.join('\n')}`,
    });

  it('announces its instance on start', async () => {
    const hello = await eventually('the hello', () => hellos[0], { timeoutMs: 3000 });
    expect(hello).toMatch(/^[0-9a-f]{12}$/);
  });

  it('registers a client whose lines arrive in one batch and answers on the gateway subject', async () => {
    publish([
      { type: 'open', conn: 1, ip: '127.0.0.1', port: 5000, localIp: '127.0.0.1', localPort: 6667, tls: false },
      { type: 'line', conn: 1, line: 'NICK alice' },
      { type: 'line', conn: 1, line: 'USER alice 0 * :Alice' },
      { type: 'line', conn: 1, line: 'JOIN #lobby' },
    ]);
    expect(await waitForLine(/ 001 /)).toBe(
      ':irc.state.test 001 alice :Welcome to the TestNet Network, alice!~alice@127.0.0.1',
    );
    expect(await waitForLine(/JOIN/)).toBe(':alice!~alice@127.0.0.1 JOIN #lobby');
  });

  it('answers info requests with counts and, when asked, a snapshot', async () => {
    const info = await requestEnvelope(
      gateway,
      subjects.stateInfo(42),
      { v: PROTOCOL_VERSION, snapshot: true },
      logger,
      { timeout: 3000 },
    );
    expect(info).toMatchObject({ serverName: 'irc.state.test', serverId: 42, users: 1, channels: 1 });
    expect(info?.snapshot).toMatchObject({ channels: [{ name: '#lobby', members: ['o:alice'] }] });
  });

  it('drops an envelope of another protocol version and keeps serving', async () => {
    gateway.publish(
      subjects.stateIn(42).name,
      JSON.stringify({ v: 999, gw: 'gwA', events: [{ type: 'line', conn: 1, line: 'QUIT' }] }),
    );
    publish([{ type: 'line', conn: 1, line: 'PING :still-here' }]);
    expect(await waitForLine(/PONG/)).toBe(':irc.state.test PONG irc.state.test still-here');
  });

  it('reports readiness and its gauges over HTTP', async () => {
    const ready = await health.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    const metrics = (await health.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^portalchat_state_local_users\{service="state"\} 1$/m);
    expect(metrics).toMatch(/^portalchat_state_channels\{service="state"\} 1$/m);
    expect(metrics).toMatch(/^portalchat_state_events_in_total\{service="state"\} [1-9]/m);
  });
});
