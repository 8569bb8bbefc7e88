/**
 * Black-box: the gateway's TLS listener with a real nats-server, a fake state and real TLS
 * clients (node:tls), with certificates made by openssl in a temp dir.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { testHostConfig } from '@portalchat/config';
import { createLogger, createMetrics } from '@portalchat/service';
import {
  defined,
  eventually,
  IrcTestClient,
  makeTestCertificate,
  metricSample,
  startTestNats,
  type TestCertificate,
  type TestNats,
} from '@portalchat/testkit';
import { buildGateway, type Gateway } from '../src/app';
import { FakeState, SERVER_ID, SERVER_NAME } from './fixtures';

const logger = createLogger('gateway-tls-test', { level: 'silent' });

describe('gateway TLS listener (integration)', () => {
  let dir: string;
  let nats: TestNats;
  let gatewayNc: NatsConnection;
  let stateNc: NatsConnection;
  let state: FakeState;
  let gateway: Gateway;
  let metrics: ReturnType<typeof createMetrics>;
  let tlsPort: number;
  let first: TestCertificate;
  let second: TestCertificate;
  let client: TestCertificate;
  const clients: IrcTestClient[] = [];

  /** The certificate the server presents to a new TLS client. */
  async function servedFingerprint(): Promise<string> {
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const s = connectTls({ host: '127.0.0.1', port: tlsPort, rejectUnauthorized: false }, () => resolve(s));
      s.once('error', reject);
    });
    const fingerprint = defined(socket.getPeerX509Certificate(), 'the server certificate')
      .fingerprint256.replace(/:/g, '')
      .toLowerCase();
    socket.destroy();
    return fingerprint;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-tls-'));
    first = makeTestCertificate(dir, 'first');
    second = makeTestCertificate(dir, 'second');
    client = makeTestCertificate(dir, 'client');
    // The files the gateway serves: `first` now, replaced on disk by the reload test.
    copyFileSync(first.certPath, join(dir, 'server.crt'));
    copyFileSync(first.keyPath, join(dir, 'server.key'));
    nats = await startTestNats();
    stateNc = await connect({ servers: nats.url });
    state = new FakeState(stateNc, 'state-A');
    await stateNc.flush();
    gatewayNc = await connect({ servers: nats.url });
    metrics = createMetrics('gateway');
    const local = { host: '127.0.0.1', port: 0 };
    gateway = buildGateway({
      config: testHostConfig({
        server: { name: SERVER_NAME, id: SERVER_ID },
        nats: { url: 'unused' },
        listen: { irc: [local], ircTls: [local] },
        tls: {
          cert: join(dir, 'server.crt'),
          key: join(dir, 'server.key'),
          stsDurationSeconds: 0,
          handshakeTimeoutSeconds: 1,
        },
      }),
      gatewayId: 'gw1',
      logger,
      nc: gatewayNc,
      metrics,
    });
    await gateway.start();
    tlsPort = defined(gateway.tlsAddresses[0], 'the TLS listener').port;
    await state.waitFor('readiness', () => gateway.readiness().ready);
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await gateway?.stop();
    await gatewayNc?.close();
    await stateNc?.close();
    await nats?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('announces a TLS client as tls, with its certificate fingerprint, and forwards its lines', async () => {
    const c = await IrcTestClient.connect(
      { host: '127.0.0.1', port: tlsPort },
      { tls: { cert: client.cert, key: client.key } },
    );
    clients.push(c);
    const open = await state.waitFor('the open', () =>
      state.events().find((e) => e.type === 'open' && e.localPort === tlsPort),
    );
    expect(open).toMatchObject({ type: 'open', tls: true, certfp: client.fingerprint });
    if (open.type !== 'open') throw new Error('not an open');
    c.send('PING :over-tls');
    await state.waitFor('the line', () =>
      state.eventsOf(open.conn).find((e) => e.type === 'line' && e.line === 'PING :over-tls'),
    );
    state.deliver([{ type: 'send', to: [open.conn], line: `:${SERVER_NAME} NOTICE * :secure` }]);
    await c.waitFor(/:secure$/);
  });

  it('announces a TLS client without a certificate as tls, without a fingerprint', async () => {
    const before = state.events().filter((e) => e.type === 'open').length;
    clients.push(await IrcTestClient.connect({ host: '127.0.0.1', port: tlsPort }, { tls: {} }));
    const open = await state.waitFor('the open', () => state.events().filter((e) => e.type === 'open')[before]);
    expect(open).toMatchObject({ type: 'open', tls: true });
    expect(open).not.toHaveProperty('certfp');
  });

  it('drops a handshake that stalls, counts it, and never tells state', async () => {
    const opensBefore = state.events().filter((e) => e.type === 'open').length;
    const socket = connectTcp({ host: '127.0.0.1', port: tlsPort });
    socket.on('error', () => undefined);
    // A client that connects and never says a word: the 1 s handshake timeout ends it.
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await eventually('the timeout counted', async () => {
      const text = await metrics.registry.metrics();
      const value = metricSample(text, 'portalchat_gateway_tls_handshake_failures_total', { kind: 'timeout' });
      return value !== undefined && value >= 1 ? value : undefined;
    });
    const garbage = connectTcp({ host: '127.0.0.1', port: tlsPort });
    garbage.on('error', () => undefined);
    garbage.write('NICK plain-on-the-tls-port\r\n');
    await new Promise<void>((resolve) => garbage.once('close', () => resolve()));
    const after = await metrics.registry.metrics();
    expect(
      metricSample(after, 'portalchat_gateway_tls_handshake_failures_total', { kind: 'error' }),
    ).toBeGreaterThanOrEqual(1);
    expect(state.events().filter((e) => e.type === 'open')).toHaveLength(opensBefore);
  });

  it('reloads the certificate: new clients get the new one, connected ones stay', async () => {
    const kept = await IrcTestClient.connect({ host: '127.0.0.1', port: tlsPort }, { tls: {} });
    clients.push(kept);
    expect(await servedFingerprint()).toBe(first.fingerprint);

    // A bad pair (the new certificate with the old key) keeps the old certificate.
    copyFileSync(second.certPath, join(dir, 'server.crt'));
    const refused = gateway.reloadTls();
    expect(refused).toMatchObject({ ok: false });
    if (refused.ok) throw new Error('reload should fail');
    expect(refused.reason).toMatch(/^tls\.key: .*server\.key: not the private key of the certificate/);
    expect(await servedFingerprint()).toBe(first.fingerprint);

    copyFileSync(second.keyPath, join(dir, 'server.key'));
    expect(gateway.reloadTls()).toEqual({ ok: true, fingerprint: second.fingerprint });
    expect(await servedFingerprint()).toBe(second.fingerprint);
    expect(kept.closed).toBe(false);
    const open = await state.waitFor('the kept open', () =>
      state
        .events()
        .filter((e) => e.type === 'open' && e.localPort === tlsPort)
        .at(-1),
    );
    kept.send('PING :still-here');
    if (open.type !== 'open') throw new Error('not an open');
    await state.waitFor('the line after the reload', () =>
      state.events().find((e) => e.type === 'line' && e.line === 'PING :still-here'),
    );

    writeFileSync(join(dir, 'server.key'), 'not a key\n');
    expect(gateway.reloadTls()).toMatchObject({ ok: false });
    expect(await servedFingerprint()).toBe(second.fingerprint);
  });
});
