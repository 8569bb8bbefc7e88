/**
 * Black-box: a real nats-server, the gateway, a fake state subscribed on the NATS subjects, and
 * raw TCP clients speaking IRC.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { PROTOCOL_VERSION, subjects, type ConnId, type GatewayEvent, type StateOp } from '@portalchat/protocol';
import { createLogger, createMetrics, publishEnvelope } from '@portalchat/service';
import { defined, IrcTestClient, startTestNats, type TestNats } from '@portalchat/testkit';
import { buildGateway, type Gateway } from '../src/app';
import { FakeState, SERVER_ID, SERVER_NAME, testConfig } from './fixtures';

const logger = createLogger('gateway-test', { level: 'silent' });
// Jest's asymmetric matchers are typed `any`; held as unknown, they go into expected objects as is.
const anyString: unknown = expect.any(String);
const anyNumber: unknown = expect.any(Number);

describe('gateway over NATS (integration)', () => {
  let nats: TestNats;
  let gatewayNc: NatsConnection;
  let stateNc: NatsConnection;
  let state: FakeState;
  let gateway: Gateway;
  let port: number;
  const clients: IrcTestClient[] = [];

  async function client(p = port): Promise<IrcTestClient> {
    const c = await IrcTestClient.connect({ host: '127.0.0.1', port: p });
    clients.push(c);
    return c;
  }

  /** The conn ID of the newest 'open' the fake state saw, once `count` opens arrived. */
  async function openedConn(count: number, gw = 'gw1'): Promise<ConnId> {
    return state.waitFor(`open #${count}`, () => {
      const opens = state.events(gw).filter((e) => e.type === 'open');
      return opens[count - 1]?.conn;
    });
  }

  let opens = 0;
  async function connectClient(): Promise<{ c: IrcTestClient; conn: ConnId }> {
    const c = await client();
    const conn = await openedConn(++opens);
    return { c, conn };
  }

  beforeAll(async () => {
    nats = await startTestNats();
    stateNc = await connect({ servers: nats.url });
    state = new FakeState(stateNc, 'state-A');
    await stateNc.flush();
    gatewayNc = await connect({ servers: nats.url });
    gateway = buildGateway({
      config: testConfig(),
      gatewayId: 'gw1',
      logger,
      nc: gatewayNc,
      metrics: createMetrics('gateway'),
    });
    const [listener] = await gateway.start();
    port = defined(listener, 'the gateway listener').port;
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await gateway?.stop();
    await gatewayNc?.close();
    await stateNc?.close();
    await nats?.stop();
  });

  it('announces itself with hello before any connection event', async () => {
    const first = await state.waitFor('hello', () => state.events()[0]);
    expect(first).toMatchObject({ type: 'hello', instance: anyString });
  });

  it('becomes ready once state answers StateInfo', async () => {
    await state.waitFor('readiness', () => gateway.readiness().ready);
    expect(gateway.readiness().details).toMatchObject({ stateInstance: 'state-A' });
  });

  it('forwards a connection as open, then its lines in order', async () => {
    const { c, conn } = await connectClient();
    // A line end split across two writes, and bare LFs.
    c.write('NICK alice\r\nUSER alice 0 * :Alice\r');
    c.write('\nPING :one\nPING :two\r\n');
    await state.waitFor('the open and 4 lines', () => state.eventsOf(conn).length >= 5);
    expect(state.eventsOf(conn)).toEqual([
      {
        type: 'open',
        conn,
        ip: '127.0.0.1',
        port: anyNumber,
        localIp: '127.0.0.1',
        localPort: port,
        tls: false,
      },
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
    await b.c.waitFor(/:second$/);
    expect(b.c.received).toBe(`:${SERVER_NAME} NOTICE * :first\r\n:${SERVER_NAME} NOTICE * :second\r\n`);
    await a.c.waitFor(/:first$/);
    expect(a.c.received).toBe(`:${SERVER_NAME} NOTICE * :first\r\n`);
  });

  it('writes an op that carries several lines (joined by CR-LF) as those lines', async () => {
    const { c, conn } = await connectClient();
    state.deliver([
      { type: 'send', to: [conn], line: `:${SERVER_NAME} NOTICE * :one\r\n:${SERVER_NAME} NOTICE * :two`, lines: 2 },
    ]);
    await c.waitFor(/:two$/);
    expect(c.received).toBe(`:${SERVER_NAME} NOTICE * :one\r\n:${SERVER_NAME} NOTICE * :two\r\n`);
  });

  it('hands an oversized line to state as `oversized`, in order, and keeps the connection', async () => {
    const { c, conn } = await connectClient();
    c.write(`PRIVMSG #x :${'y'.repeat(600)}\r\nPING :after\r\n`);
    await state.waitFor('line after', () => state.eventsOf(conn).find((e) => e.type === 'line'));
    expect(state.eventsOf(conn).filter((e) => e.type !== 'open')).toEqual([
      { type: 'oversized', conn },
      { type: 'line', conn, line: 'PING :after' },
    ]);
    // State answers the 417 (it knows the caps); the gateway sends nothing of its own.
    expect(c.received).toBe('');
    expect(c.closed).toBe(false);
  });

  it('issue 13: passes the label of an oversized line on, so state can label its 417', async () => {
    const { c, conn } = await connectClient();
    c.send(`@label=L1 PRIVMSG #x :${'y'.repeat(600)}`);
    // Tags over 8191 bytes: the complete tags before the cut still count.
    c.send(`@label=L\\s2;+x=${'a'.repeat(9000)} PING :x`);
    await state.waitFor(
      'both',
      () => state.eventsOf(conn).filter((e) => e.type === 'oversized').length === 2 || undefined,
    );
    expect(state.eventsOf(conn).filter((e) => e.type === 'oversized')).toEqual([
      { type: 'oversized', conn, label: 'L1' },
      { type: 'oversized', conn, label: 'L 2' },
    ]);
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
    flooder.c.write(Array.from({ length: 40 }, (_, i) => `PRIVMSG #x :${i}\r\n`).join(''));
    await flooder.c.waitClosed();
    expect(flooder.c.received).toBe('ERROR :Closing Link: 127.0.0.1 (Excess Flood)\r\n');
    const closed = await state.waitFor('closed', () => state.eventsOf(flooder.conn).find((e) => e.type === 'closed'));
    expect(closed).toEqual({ type: 'closed', conn: flooder.conn, reason: 'Excess Flood' });
    // Lines held back were never forwarded: at most the burst reached state.
    expect(state.eventsOf(flooder.conn).filter((e) => e.type === 'line')).toHaveLength(10);

    calm.c.send('PING :still-here');
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
    c.write(Buffer.from([0xff, 0x00, 0xfe, 0x0d, 0x0a, 0x80, 0x81, 0x0a]));
    c.send('PING :ok');
    await state.waitFor('ok', () => state.eventsOf(conn).find((e) => e.type === 'line' && e.line === 'PING :ok'));
    const lines = state.eventsOf(conn).filter((e) => e.type === 'line');
    // Invalid UTF-8 becomes U+FFFD; the NUL is kept for state to refuse the line (issue 12).
    expect(lines).toEqual([
      { type: 'line', conn, line: '\uFFFD\0\uFFFD' },
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
    const [smallListener] = await small.start();
    const smallPort = defined(smallListener, 'the listener of gw2').port;
    const opensOnGw2 = () =>
      state.events('gw2').filter((e): e is Extract<GatewayEvent, { type: 'open' }> => e.type === 'open');
    try {
      const first = await client(smallPort);
      await client(smallPort);
      await state.waitFor('2 opens on gw2', () => opensOnGw2().length >= 2);
      const third = await client(smallPort);
      await third.waitClosed();
      expect(third.received).toBe('ERROR :Closing Link: 127.0.0.1 (Server is full)\r\n');
      // The gateway publishes its events in order: once the first client's 'closed' arrived, an
      // 'open' for the refused one would have arrived before it.
      first.close();
      const firstConn = defined(opensOnGw2()[0], 'the first open on gw2').conn;
      await state.waitFor('the first client closed on gw2', () =>
        state.eventsOf(firstConn, 'gw2').find((e) => e.type === 'closed'),
      );
      expect(opensOnGw2()).toHaveLength(2);
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

  it('closes every client when a state of another history announces itself', async () => {
    const { c } = await connectClient();
    publishEnvelope(stateNc, subjects.stateHello(SERVER_ID), {
      v: PROTOCOL_VERSION,
      instance: 'state-B',
      lineage: 'another-history',
    });
    await c.waitClosed();
    expect(c.received).toBe('ERROR :Closing Link: 127.0.0.1 (Chat service restarted)\r\n');
    expect(gateway.connectionCount).toBe(0);
  });
});
