/**
 * Black-box: the gateway's WebSocket listeners (ws:// and wss://) with a real nats-server, a fake
 * state and `ws` clients, as a browser would connect: one IRC line per message each way, and the
 * same limits, flood control and close paths as a TCP client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { testHostConfig } from '@portalchat/config';
import type { ConnId, GatewayEvent } from '@portalchat/protocol';
import { createLogger, createMetrics } from '@portalchat/service';
import { defined, makeTestCertificate, startTestNats, WsIrcTestClient, type TestNats } from '@portalchat/testkit';
import { buildGateway, type Gateway } from '../src/app';
import { FakeState, SERVER_ID, SERVER_NAME } from './fixtures';

const logger = createLogger('gateway-ws-test', { level: 'silent' });
const ALLOWED = 'https://chat.example.org';

describe('gateway WebSocket listener (integration)', () => {
  let dir: string;
  let nats: TestNats;
  let gatewayNc: NatsConnection;
  let stateNc: NatsConnection;
  let state: FakeState;
  let gateway: Gateway;
  let wsUrl: string;
  let wssUrl: string;
  let wsPort: number;
  const clients: WsIrcTestClient[] = [];
  let stopped = false;

  async function open(
    url = wsUrl,
    options: Parameters<typeof WsIrcTestClient.connect>[1] = {},
  ): Promise<{ c: WsIrcTestClient; conn: ConnId; event: Extract<GatewayEvent, { type: 'open' }> }> {
    const before = state.events().filter((e) => e.type === 'open').length;
    const c = await WsIrcTestClient.connect(url, options);
    clients.push(c);
    const event = await state.waitFor('the open', () => {
      const e = state.events().filter((x) => x.type === 'open')[before];
      return e?.type === 'open' ? e : undefined;
    });
    return { c, conn: event.conn, event };
  }

  function linesOf(conn: ConnId): string[] {
    return state.eventsOf(conn).flatMap((e) => (e.type === 'line' ? [e.line] : []));
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-ws-'));
    const cert = makeTestCertificate(dir, 'server');
    nats = await startTestNats();
    stateNc = await connect({ servers: nats.url });
    state = new FakeState(stateNc, 'state-A');
    await stateNc.flush();
    gatewayNc = await connect({ servers: nats.url });
    const local = { host: '127.0.0.1', port: 0 };
    gateway = buildGateway({
      config: testHostConfig({
        server: { name: SERVER_NAME, id: SERVER_ID },
        nats: { url: 'unused' },
        listen: {
          irc: [local],
          websocket: [
            { ...local, tls: false },
            { ...local, tls: true },
          ],
        },
        tls: { cert: cert.certPath, key: cert.keyPath, stsDurationSeconds: 0, handshakeTimeoutSeconds: 5 },
        gateway: { websocketOrigins: [ALLOWED], redirectTo: ['irc2.example.net:6667'] },
        limits: { maxConnectionsPerIp: 4, maxUnregisteredPerIp: 4 },
        flood: { burst: 10, linesPerSecond: 5, maxQueuedLines: 10 },
      }),
      gatewayId: 'gw1',
      logger,
      nc: gatewayNc,
      metrics: createMetrics('gateway'),
    });
    await gateway.start();
    const [ws, wss] = gateway.websocketAddresses;
    wsPort = defined(ws, 'the ws listener').port;
    wsUrl = `ws://127.0.0.1:${wsPort}/`;
    wssUrl = `wss://127.0.0.1:${defined(wss, 'the wss listener').port}/`;
    await state.waitFor('readiness', () => gateway.readiness().ready);
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    if (!stopped) await gateway?.stop();
    await gatewayNc?.close();
    await stateNc?.close();
    await nats?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  it('text.ircv3.net: one line per message each way, as text frames without CR-LF', async () => {
    const { c, conn, event } = await open(wsUrl, { protocols: ['binary.ircv3.net', 'text.ircv3.net'] });
    expect(c.protocol).toBe('text.ircv3.net');
    expect(event).toMatchObject({ tls: false, ip: '127.0.0.1', localPort: wsPort });
    c.send('NICK amy');
    c.send('USER amy 0 * :Amy\r\n'); // a trailing CR-LF is tolerated
    c.send('PRIVMSG #ü :héllo');
    await state.waitFor('the lines', () => (linesOf(conn).length === 3 ? true : undefined));
    expect(linesOf(conn)).toEqual(['NICK amy', 'USER amy 0 * :Amy', 'PRIVMSG #ü :héllo']);
    // A coalesced op of two lines (as the welcome is) arrives as two messages.
    state.deliver([
      { type: 'send', to: [conn], line: `:${SERVER_NAME} 001 amy :Welcome\r\n:${SERVER_NAME} 002 amy :ü`, lines: 2 },
    ]);
    await c.waitFor(/ 002 amy :ü$/);
    expect(c.frames).toEqual([
      { binary: false, data: `:${SERVER_NAME} 001 amy :Welcome` },
      { binary: false, data: `:${SERVER_NAME} 002 amy :ü` },
    ]);
  });

  it('binary.ircv3.net: binary frames, and invalid UTF-8 in becomes U+FFFD as on TCP', async () => {
    const { c, conn } = await open(wsUrl, { protocols: ['binary.ircv3.net'] });
    expect(c.protocol).toBe('binary.ircv3.net');
    c.sendBinary(Buffer.from([0x50, 0x49, 0x4e, 0x47, 0x20, 0x3a, 0xff, 0x61])); // "PING :\xffa"
    await state.waitFor('the line', () => (linesOf(conn).length === 1 ? true : undefined));
    expect(linesOf(conn)).toEqual(['PING :\ufffda']);
    state.deliver([{ type: 'send', to: [conn], line: `:${SERVER_NAME} PONG ${SERVER_NAME} :é` }]);
    await c.waitFor(/PONG/);
    expect(c.frames).toEqual([{ binary: true, data: `:${SERVER_NAME} PONG ${SERVER_NAME} :é` }]);
  });

  it('no subprotocol asked: text frames, as Ergo; invalid UTF-8 in a text frame closes (1007)', async () => {
    const { c, conn } = await open(wsUrl, { protocols: [] });
    expect(c.protocol).toBe('');
    state.deliver([{ type: 'send', to: [conn], line: 'NOTICE * :plain' }]);
    await c.waitFor(/plain/);
    expect(c.frames).toEqual([{ binary: false, data: 'NOTICE * :plain' }]);
    // A raw text frame with a bad byte: ws (the client) does not check what it sends.
    c.ws.send(Buffer.from([0x50, 0xff]), { binary: false });
    await c.waitClosed();
    expect(c.closeCode).toBe(1007);
    await state.waitFor('the close', () => state.eventsOf(conn).find((e) => e.type === 'closed'));
  });

  it('hands an over-long line to state as `oversized` (state answers 417) and keeps the connection', async () => {
    const { c, conn } = await open();
    c.send(`@label=w1 PRIVMSG #c :${'x'.repeat(600)}`);
    await state.waitFor('the oversized line', () =>
      state.eventsOf(conn).find((e) => e.type === 'oversized' && e.label === 'w1'),
    );
    c.send('PING :after');
    await state.waitFor('the next line', () => (linesOf(conn).includes('PING :after') ? true : undefined));
    expect(c.closed).toBe(false);
  });

  it('applies flood control: a burst past the queue is an Excess Flood', async () => {
    const { c, conn } = await open();
    for (let i = 0; i < 40; i++) c.send(`PING :${i}`);
    await c.waitFor(/^ERROR :Closing Link: 127\.0\.0\.1 \(Excess Flood\)$/);
    await c.waitClosed();
    await state.waitFor('the close', () =>
      state.eventsOf(conn).find((e) => e.type === 'closed' && e.reason === 'Excess Flood'),
    );
  });

  it('counts WebSocket clients in the per-IP cap with the ERROR line a TCP client gets', async () => {
    const held = [];
    for (let i = 0; i < 4; i++) held.push(await open(wsUrl, { localAddress: '127.0.0.3' }));
    const refused = await WsIrcTestClient.connect(wsUrl, { localAddress: '127.0.0.3' });
    clients.push(refused);
    await refused.waitFor(/^ERROR :Closing Link: 127\.0\.0\.3 \(Too many connections from your IP address\)$/);
    await refused.waitClosed();
  });

  it('allows the listed origin and clients without one; refuses other origins with 403', async () => {
    await open(wsUrl, { origin: ALLOWED });
    await open(wsUrl);
    await expect(WsIrcTestClient.connect(wsUrl, { origin: 'https://evil.example' })).rejects.toThrow(/HTTP 403/);
  });

  it('answers a plain HTTP request with 426', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(`http://127.0.0.1:${wsPort}/`, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(426);
  });

  it('wss:// uses the TLS certificate and announces the client as tls', async () => {
    const { c, conn, event } = await open(wssUrl);
    expect(event.tls).toBe(true);
    c.send('PING :secure');
    await state.waitFor('the line', () => (linesOf(conn).includes('PING :secure') ? true : undefined));
  });

  it('state closing the connection sends what is queued, then closes the WebSocket', async () => {
    const { c, conn } = await open();
    state.deliver([
      { type: 'send', to: [conn], line: 'ERROR :Closing Link: 127.0.0.1 (Quit: bye)' },
      { type: 'close', conn, reason: 'Quit: bye' },
    ]);
    await c.waitFor(/^ERROR :Closing Link: .*bye/);
    await c.waitClosed();
    expect(c.closeCode).toBe(1000);
  });

  // Last: it stops the gateway.
  it('a planned stop sends REDIRECT to an IRCX WebSocket client and ERROR to every one, then closes', async () => {
    const plain = await open();
    const ircx = await open(wsUrl, { protocols: ['binary.ircv3.net'] });
    state.deliver([{ type: 'ircx', conn: ircx.conn }]);
    ircx.c.send('PING :ircx-applied');
    await state.waitFor('the line after the ircx op', () =>
      linesOf(ircx.conn).includes('PING :ircx-applied') ? true : undefined,
    );
    stopped = true;
    await gateway.stop();
    const error = 'ERROR :Closing Link: 127.0.0.1 (Server shutting down; reconnect to irc2.example.net:6667)';
    await plain.c.waitClosed();
    await ircx.c.waitClosed();
    expect(plain.c.lines).toEqual([error]);
    expect(ircx.c.lines).toEqual([`:${SERVER_NAME} REDIRECT irc2.example.net:6667 :Server shutting down`, error]);
  });
});
