import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { subjects, PROTOCOL_VERSION, type GatewayEvent, type StateHello } from '@portalchat/protocol';
import {
  buildHealthServer,
  createLogger,
  createMetrics,
  requestEnvelope,
  subscribeEnvelopes,
} from '@portalchat/service';
import { eventually, startTestNats, type TestNats } from '@portalchat/testkit';
import { buildState, type StateService } from '../src/app';
import { makeConfig } from '../src/testing/harness';
import { FakeGateway } from './numbered-peers';

/**
 * The state service behind its real NATS adapter: a fake gateway publishes batches on the
 * subjects a real one uses and reads the deliveries back; health and metrics through inject().
 */
describe('state service over NATS', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'state-int-'));
  const config = makeConfig({ server: { id: 42, name: 'irc.state.test' }, dataDir });
  let nats: TestNats;
  let serviceConn: NatsConnection;
  let gateway: NatsConnection;
  let fake: FakeGateway;
  let service: StateService;
  let health: ReturnType<typeof buildHealthServer>;
  const hellos: StateHello[] = [];
  const logger = createLogger('state', { level: 'silent' });

  beforeAll(async () => {
    nats = await startTestNats();
    gateway = await connect({ servers: nats.url });
    fake = new FakeGateway(gateway, 42, 'gwA');
    subscribeEnvelopes(gateway, subjects.stateHello(42), logger, (hello) => {
      hellos.push(hello);
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
    rmSync(dataDir, { recursive: true, force: true });
  });

  const publish = (events: GatewayEvent[]) => fake.send(events);

  const waitForLine = (pattern: RegExp): Promise<string> =>
    eventually(`a line matching ${pattern}`, () => fake.lines.find((l) => pattern.test(l)), {
      timeoutMs: 3000,
      detail: () => `got:\n${fake.lines.join('\n')}`,
    });

  it('announces its instance and lineage on start', async () => {
    const hello = await eventually('the hello', () => hellos[0], { timeoutMs: 3000 });
    expect(hello.instance).toMatch(/^[0-9a-f]{12}$/);
    expect(hello.lineage).toMatch(/^[0-9a-f]{12}$/);
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
      subjects.stateIn(42, 'gwA').name,
      JSON.stringify({
        v: 999,
        gw: 'gwA',
        gi: fake.instance,
        seq: 99,
        ack: 0,
        events: [{ type: 'line', conn: 1, line: 'QUIT' }],
      }),
    );
    publish([{ type: 'line', conn: 1, line: 'PING :still-here' }]);
    expect(await waitForLine(/PONG/)).toBe(':irc.state.test PONG irc.state.test still-here');
  });

  it("drops a batch on one gateway's subject that names another gateway, and counts it", async () => {
    gateway.publish(
      subjects.stateIn(42, 'gwB').name,
      JSON.stringify({
        v: PROTOCOL_VERSION,
        gw: 'gwA',
        gi: fake.instance,
        seq: fake.nextSeq,
        ack: 0,
        events: [{ type: 'line', conn: 1, line: 'PING :impostor' }],
      }),
    );
    publish([{ type: 'line', conn: 1, line: 'PING :after-the-impostor' }]);
    await waitForLine(/after-the-impostor/);
    expect(fake.lines.filter((l) => l.endsWith(' impostor'))).toEqual([]);
    const metrics = (await health.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^portalchat_state_batches_skipped_total\{why="impostor",service="state"\} 1$/m);
  });

  it('reports readiness and its gauges over HTTP', async () => {
    const ready = await health.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    const metrics = (await health.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^portalchat_state_local_users\{service="state"\} 1$/m);
    expect(metrics).toMatch(/^portalchat_state_channels\{service="state"\} 1$/m);
    expect(metrics).toMatch(/^portalchat_state_events_in_total\{service="state"\} [1-9]/m);
  });

  it('takes a batch sent twice once, and acknowledges it', async () => {
    const seq = fake.send([{ type: 'line', conn: 1, line: 'PING :once' }]);
    fake.sendNumbered(seq, [{ type: 'line', conn: 1, line: 'PING :once' }]);
    publish([{ type: 'line', conn: 1, line: 'PING :after-twice' }]);
    await waitForLine(/after-twice/);
    expect(fake.lines.filter((l) => l.endsWith('PONG irc.state.test once'))).toHaveLength(1);
    expect(fake.acked).toBeGreaterThanOrEqual(seq + 1);
  });

  it('comes back from its history after a crash: the client stays, nothing is lost or sent twice', async () => {
    const linesBefore = fake.lines.length;
    // A crash: the process's NATS connection goes without a final snapshot or a word.
    await serviceConn.close();
    // Sent while state is away: NATS drops it; the gateway keeps it and sends it again later.
    const seq = fake.send([{ type: 'line', conn: 1, line: 'JOIN #second' }]);

    serviceConn = await connect({ servers: nats.url });
    service = buildState({ config, nc: serviceConn, logger, metrics: createMetrics('state') });
    await service.start();
    const hello = await eventually('the second hello', () => hellos[1], { timeoutMs: 3000 });
    expect(hello.lineage).toBe(hellos[0]?.lineage);
    expect(hello.instance).not.toBe(hellos[0]?.instance);

    // What a gateway does on a hello of its lineage: send the unacknowledged again, ask for the rest.
    fake.sendNumbered(seq, [{ type: 'line', conn: 1, line: 'JOIN #second' }]);
    fake.heartbeat(true);
    expect(await waitForLine(/JOIN #second/)).toBe(':alice!~alice@127.0.0.1 JOIN #second');
    publish([{ type: 'line', conn: 1, line: 'PING :after-restart' }]);
    await waitForLine(/after-restart/);
    const after = fake.lines.slice(linesBefore);
    expect(after.filter((l) => l.includes('JOIN #second'))).toHaveLength(1);
    expect(fake.lines.filter((l) => / 001 /.test(l))).toHaveLength(1);
    expect(fake.lines.filter((l) => l.endsWith('JOIN #lobby'))).toHaveLength(1);
    const info = await requestEnvelope(gateway, subjects.stateInfo(42), { v: PROTOCOL_VERSION }, logger, {
      timeout: 3000,
    });
    expect(info).toMatchObject({ users: 1, channels: 2, lineage: hellos[0]?.lineage });
  });
});

describe('state service: a gateway that goes silent', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'state-lost-'));
  const config = makeConfig({ server: { id: 43, name: 'irc.lost.test' }, dataDir, limits: { gatewayLostSeconds: 1 } });
  const logger = createLogger('state', { level: 'silent' });
  let nats: TestNats;
  let peers: NatsConnection;
  let serviceConn: NatsConnection;
  let service: StateService;

  beforeAll(async () => {
    nats = await startTestNats();
    peers = await connect({ servers: nats.url });
    serviceConn = await connect({ servers: nats.url });
    service = buildState({ config, nc: serviceConn, logger, metrics: createMetrics('state') });
    await service.start();
  });

  afterAll(async () => {
    await service.stop();
    await serviceConn.close();
    await peers.close();
    await nats.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const client = (fake: FakeGateway, conn: number, nick: string) =>
    fake.send([
      ...(conn === 1 ? [{ type: 'hello' as const, instance: fake.instance }] : []),
      { type: 'open', conn, ip: '127.0.0.1', port: 5000, localIp: '127.0.0.1', localPort: 6667, tls: false },
      { type: 'line', conn, line: `NICK ${nick}` },
      { type: 'line', conn, line: `USER ${nick} 0 * :${nick}` },
      { type: 'line', conn, line: 'JOIN #x' },
    ]);

  it('declares it lost after gatewayLostSeconds: its users QUIT everywhere; when it speaks again it is told to reset', async () => {
    const silent = new FakeGateway(peers, 43, 'gwA');
    const alive = new FakeGateway(peers, 43, 'gwB');
    await peers.flush();
    client(silent, 1, 'alice');
    client(alive, 1, 'bob');
    // bob joins after alice: alice sees his JOIN, and both are in #x.
    await eventually('alice to see bob join', () =>
      silent.lines.some((l) => l.startsWith(':bob!') && l.endsWith('JOIN #x')),
    );
    // bob's gateway keeps beating; alice's says nothing more.
    const beat = setInterval(() => alive.heartbeat(), 200);
    try {
      expect(
        await eventually('alice to quit', () => alive.lines.find((l) => l.startsWith(':alice!') && / QUIT /.test(l)), {
          timeoutMs: 5000,
        }),
      ).toBe(':alice!~alice@127.0.0.1 QUIT :Gateway lost');
      expect(alive.lines.filter((l) => / QUIT /.test(l))).toHaveLength(1);
    } finally {
      clearInterval(beat);
    }
    silent.heartbeat();
    await eventually('the silent gateway to be told to reset', () => silent.resets > 0, { timeoutMs: 3000 });
  }, 15_000);
});
