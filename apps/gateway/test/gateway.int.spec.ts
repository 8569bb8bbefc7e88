/**
 * Black-box: a real nats-server, the gateway, a fake state subscribed on the NATS subjects, and
 * raw TCP clients speaking IRC.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { PROTOCOL_VERSION, subjects, type ConnId, type StateOp } from '@portalchat/protocol';
import { createLogger, createMetrics, publishEnvelope } from '@portalchat/service';
import { buildGateway, type Gateway } from '../src/app';
import { FakeState, SERVER_ID, SERVER_NAME, testConfig } from './fixtures';
import { RawIrcClient } from './irc-client';
import { startNatsServer, type TestNatsServer } from './nats-server';

const logger = createLogger('gateway-test', { level: 'silent' });

describe('gateway over NATS (integration)', () => {
  let nats: TestNatsServer;
  let gatewayNc: NatsConnection;
  let stateNc: NatsConnection;
  let state: FakeState;
  let gateway: Gateway;
  let port: number;
  const clients: RawIrcClient[] = [];

  async function client(p = port): Promise<RawIrcClient> {
    const c = await RawIrcClient.connect(p);
    clients.push(c);
    return c;
  }

  /** The conn ID of the newest 'open' the fake state saw, once `count` opens arrived. */
  async function openedConn(count: number, gw = 'gw1'): Promise<ConnId> {
    return state.waitFor(`open #${count}`, () => {
      const opens = state.events(gw).filter((e) => e.type === 'open');
      return opens.length >= count ? (opens[count - 1] as { conn: ConnId }).conn : undefined;
    });
  }

  let opens = 0;
  async function connectClient(): Promise<{ c: RawIrcClient; conn: ConnId }> {
    const c = await client();
    const conn = await openedConn(++opens);
    return { c, conn };
  }

  beforeAll(async () => {
    nats = await startNatsServer();
    stateNc = await connect({ servers: nats.url });
    state = new FakeState(stateNc, 'state-A');
    await stateNc.flush();
    gatewayNc = await connect({ servers: nats.url });
    gateway = buildGateway({ config: testConfig(), gatewayId: 'gw1', logger, nc: gatewayNc, metrics: createMetrics('gateway') });
    [{ port }] = await gateway.start();
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await gateway?.stop();
    await gatewayNc?.close();
    await stateNc?.close();
    await nats?.stop();
  });

  it('announces itself with hello before any connection event', async () => {
    await state.waitFor('hello', () => state.events()[0]);
    expect(state.events()[0]).toMatchObject({ type: 'hello', instance: expect.any(String) });
  });

  it('becomes ready once state answers StateInfo', async () => {
    await state.waitFor('readiness', () => (gateway.readiness().ready ? true : undefined));
    expect(gateway.readiness().details).toMatchObject({ stateInstance: 'state-A' });
  });

  it('forwards a connection as open, then its lines in order', async () => {
    const { c, conn } = await connectClient();
    c.send('NICK alice\r\nUSER alice 0 * :Alice\r');
    c.send('\nPING :one\nPING :two\r\n');
    await state.waitFor('4 events', () => (state.eventsOf(conn).length >= 4 ? true : undefined));
    expect(state.eventsOf(conn)).toEqual([
      { type: 'open', conn, ip: '127.0.0.1', port: expect.any(Number), localIp: '127.0.0.1', localPort: port, tls: false },
      { type: 'line', conn, line: 'NICK alice' },
      { type: 'line', conn, line: 'USER alice 0 * :Alice' },
      { type: 'line', conn, line: 'PING :one' },
      { type: 'line', conn, line: 'PING :two' },
    ]);
  });

  it('writes deliveries to the listed sockets, in order', async () => {
    const a = await connectClient();
    const b = await connectClient();
    state.deliver([
      { type: 'send', to: [a.conn, b.conn], line: `:${SERVER_NAME} NOTICE * :first` },
      { type: 'send', to: [b.conn], line: `:${SERVER_NAME} NOTICE * :second` },
    ]);
    await b.c.waitFor(/:second\r\n/);
    expect(b.c.received).toBe(`:${SERVER_NAME} NOTICE * :first\r\n:${SERVER_NAME} NOTICE * :second\r\n`);
    await a.c.waitFor(/:first\r\n/);
    expect(a.c.received).toBe(`:${SERVER_NAME} NOTICE * :first\r\n`);
  });

  it('writes an op that carries several lines (joined by CR-LF) as those lines', async () => {
    const { c, conn } = await connectClient();
    state.deliver([{ type: 'send', to: [conn], line: `:${SERVER_NAME} NOTICE * :one\r\n:${SERVER_NAME} NOTICE * :two`, lines: 2 }]);
    await c.waitFor(/:two\r\n/);
    expect(c.received).toBe(`:${SERVER_NAME} NOTICE * :one\r\n:${SERVER_NAME} NOTICE * :two\r\n`);
  });

  it('answers an oversized line with 417 and keeps the connection', async () => {
    const { c, conn } = await connectClient();
    c.send(`PRIVMSG #x :${'y'.repeat(600)}\r\nPING :after\r\n`);
    await c.waitFor(/417/);
    expect(c.received).toBe(`:${SERVER_NAME} 417 * :Input line was too long\r\n`);
    await state.waitFor('line after', () => state.eventsOf(conn).find((e) => e.type === 'line'));
    expect(state.eventsOf(conn).filter((e) => e.type === 'line')).toEqual([{ type: 'line', conn, line: 'PING :after' }]);
    expect(c.closed).toBe(false);
  });

  it('uses the nick from a registered op in its own 417', async () => {
    const { c, conn } = await connectClient();
    state.deliver([{ type: 'registered', conn, nick: 'bob', floodExempt: false }]);
    await stateNc.flush();
    await new Promise((r) => setTimeout(r, 50));
    c.send(`@${'a'.repeat(9000)} PING :x\r\n`);
    await c.waitFor(/417/);
    expect(c.received).toBe(`:${SERVER_NAME} 417 bob :Input line was too long\r\n`);
  });

  it('flushes and closes a socket on a close op', async () => {
    const { c, conn } = await connectClient();
    state.deliver([
      { type: 'send', to: [conn], line: `ERROR :Closing Link: 127.0.0.1 (Quit: bye)` },
      { type: 'close', conn, reason: 'Quit: bye' },
    ]);
    await c.waitClosed();
    expect(c.received).toBe('ERROR :Closing Link: 127.0.0.1 (Quit: bye)\r\n');
  });

  it('cuts a flooding client with Excess Flood while another keeps working', async () => {
    const flooder = await connectClient();
    const calm = await connectClient();
    flooder.c.send(Array.from({ length: 40 }, (_, i) => `PRIVMSG #x :${i}\r\n`).join(''));
    await flooder.c.waitClosed();
    expect(flooder.c.received).toBe('ERROR :Closing Link: 127.0.0.1 (Excess Flood)\r\n');
    const closed = await state.waitFor('closed', () => state.eventsOf(flooder.conn).find((e) => e.type === 'closed'));
    expect(closed).toEqual({ type: 'closed', conn: flooder.conn, reason: 'Excess Flood' });
    // Lines held back were never forwarded: at most the burst reached state.
    expect(state.eventsOf(flooder.conn).filter((e) => e.type === 'line')).toHaveLength(10);

    calm.c.send('PING :still-here\r\n');
    const line = await state.waitFor('calm line', () => state.eventsOf(calm.conn).find((e) => e.type === 'line'));
    expect(line).toEqual({ type: 'line', conn: calm.conn, line: 'PING :still-here' });
  });

  it('reports a client that hangs up as closed', async () => {
    const { c, conn } = await connectClient();
    c.socket.end();
    const closed = await state.waitFor('closed', () => state.eventsOf(conn).find((e) => e.type === 'closed'));
    expect(closed).toEqual({ type: 'closed', conn, reason: 'Remote host closed the connection' });
  });

  it('survives binary garbage', async () => {
    const { c, conn } = await connectClient();
    c.send(Buffer.from([0xff, 0x00, 0xfe, 0x0d, 0x0a, 0x80, 0x81, 0x0a]) as unknown as string);
    c.send('PING :ok\r\n');
    await state.waitFor('ok', () => state.eventsOf(conn).find((e) => e.type === 'line' && e.line === 'PING :ok'));
    const lines = state.eventsOf(conn).filter((e) => e.type === 'line');
    expect(lines).toEqual([
      { type: 'line', conn, line: '\uFFFD\uFFFD' },
      { type: 'line', conn, line: '\uFFFD\uFFFD' },
      { type: 'line', conn, line: 'PING :ok' },
    ]);
  });

  it('refuses a client past maxConnections with Server is full, without telling state', async () => {
    const small = buildGateway({
      config: testConfig({ maxConnections: 2 }),
      gatewayId: 'gw2',
      logger,
      nc: gatewayNc,
      metrics: createMetrics('gateway'),
    });
    const [{ port: smallPort }] = await small.start();
    try {
      await client(smallPort);
      await client(smallPort);
      await state.waitFor('2 opens on gw2', () => (state.events('gw2').filter((e) => e.type === 'open').length >= 2 ? true : undefined));
      const third = await client(smallPort);
      await third.waitClosed();
      expect(third.received).toBe('ERROR :Closing Link: 127.0.0.1 (Server is full)\r\n');
      await new Promise((r) => setTimeout(r, 100));
      expect(state.events('gw2').filter((e) => e.type === 'open')).toHaveLength(2);
    } finally {
      await small.stop();
    }
  });

  it('skips an op it cannot apply and still applies the rest of the batch', async () => {
    const { c, conn } = await connectClient();
    state.deliver([
      { type: 'send', to: null, line: 'malformed' } as unknown as StateOp,
      { type: 'send', to: [conn], line: `:${SERVER_NAME} NOTICE * :still served` },
    ]);
    await c.waitFor(/still served/);
    expect(c.received).toBe(`:${SERVER_NAME} NOTICE * :still served\r\n`);
    expect(gateway.readiness().ready).toBe(true);
  });

  it('closes every client when a new state instance announces itself', async () => {
    const { c } = await connectClient();
    publishEnvelope(stateNc, subjects.stateHello(SERVER_ID), { v: PROTOCOL_VERSION, instance: 'state-B' });
    await c.waitClosed();
    expect(c.received).toBe('ERROR :Closing Link: 127.0.0.1 (Chat service restarted)\r\n');
    expect(gateway.connectionCount).toBe(0);
  });
});
