/**
 * A gateway stopped on purpose sends its clients away (drain.ts): IRCX sessions get REDIRECT to
 * the other servers of `gateway.redirectTo`, plain ones an ERROR naming them, and state hears
 * each close with the plain reason. A real nats-server, the gateway, a fake state, raw TCP clients.
 */
import { connect as connectTcp } from 'node:net';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { withOverrides } from '@portalchat/config';
import type { ConnId } from '@portalchat/protocol';
import { createLogger, createMetrics } from '@portalchat/service';
import { defined, IrcTestClient, startTestNats, type TestNats } from '@portalchat/testkit';
import { buildGateway, type Gateway } from '../src/app';
import { FakeState, SERVER_NAME, testConfig } from './fixtures';

const logger = createLogger('gateway-test', { level: 'silent' });
const TARGETS = ['irc2.example.net:6667', '192.0.2.3:6697'];

/** Whether a TCP connection to the port is refused (nothing listens any more). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('gateway planned stop (integration)', () => {
  let nats: TestNats;
  let gatewayNc: NatsConnection;
  /** Every gateway's NATS connection, closed in afterAll should a test fail before it does. */
  const gatewayNcs: NatsConnection[] = [];
  let stateNc: NatsConnection;
  let state: FakeState;
  const clients: IrcTestClient[] = [];

  beforeAll(async () => {
    nats = await startTestNats();
    stateNc = await connect({ servers: nats.url });
    state = new FakeState(stateNc, 'state-A');
    await stateNc.flush();
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const nc of gatewayNcs) if (!nc.isClosed()) await nc.close();
    await stateNc?.close();
    await nats?.stop();
  });

  async function startGateway(redirectTo: string[]): Promise<{ gateway: Gateway; port: number; gw: string }> {
    const gw = `gw${redirectTo.length}`;
    gatewayNc = await connect({ servers: nats.url });
    gatewayNcs.push(gatewayNc);
    const gateway = buildGateway({
      config: withOverrides(testConfig(), { gateway: { id: gw, redirectTo } }),
      gatewayId: gw,
      logger,
      nc: gatewayNc,
      metrics: createMetrics('gateway'),
    });
    const [listener] = await gateway.start();
    await state.waitFor('gateway ready', () => gateway.readiness().ready);
    return { gateway, port: defined(listener, 'the gateway listener').port, gw };
  }

  async function admitted(port: number, gw: string): Promise<{ c: IrcTestClient; conn: ConnId }> {
    const before = state.events(gw).filter((e) => e.type === 'open').length;
    const c = await IrcTestClient.connect({ host: '127.0.0.1', port });
    clients.push(c);
    const conn = await state.waitFor('open', () => state.events(gw).filter((e) => e.type === 'open')[before]?.conn);
    return { c, conn };
  }

  it('redirects IRCX sessions, tells plain ones where to reconnect, closes both and tells state', async () => {
    const { gateway, port, gw } = await startGateway(TARGETS);
    // Connection IDs start at 1 and pick where each client's list starts: 1 → the second entry.
    const ircx = await admitted(port, gw);
    const plain = await admitted(port, gw);
    state.deliver(
      [
        { type: 'ircx', conn: ircx.conn },
        { type: 'send', to: [ircx.conn, plain.conn], line: `:${SERVER_NAME} NOTICE * :marked` },
      ],
      gw,
    );
    await ircx.c.waitFor(/:marked$/);
    await plain.c.waitFor(/:marked$/);

    await gateway.stop();
    await gatewayNc.close();
    await ircx.c.waitClosed();
    await plain.c.waitClosed();
    expect([ircx.conn, plain.conn]).toEqual([1, 2]);
    expect(ircx.c.lines.slice(1)).toEqual([
      `:${SERVER_NAME} REDIRECT 192.0.2.3:6697,irc2.example.net:6667 :Server shutting down`,
      'ERROR :Closing Link: 127.0.0.1 (Server shutting down; reconnect to 192.0.2.3:6697 or irc2.example.net:6667)',
    ]);
    expect(plain.c.lines.slice(1)).toEqual([
      'ERROR :Closing Link: 127.0.0.1 (Server shutting down; reconnect to irc2.example.net:6667 or 192.0.2.3:6697)',
    ]);
    // The network's QUIT reason stays the plain one.
    await state.waitFor('both closes', () => state.events(gw).filter((e) => e.type === 'closed').length === 2);
    expect(state.events(gw).filter((e) => e.type === 'closed')).toEqual([
      { type: 'closed', conn: ircx.conn, reason: 'Server shutting down' },
      { type: 'closed', conn: plain.conn, reason: 'Server shutting down' },
    ]);
    expect(await refused(port)).toBe(true);
  });

  it('says only "Server shutting down", with no REDIRECT, when no other server is configured', async () => {
    const { gateway, port, gw } = await startGateway([]);
    const ircx = await admitted(port, gw);
    state.deliver(
      [
        { type: 'ircx', conn: ircx.conn },
        { type: 'send', to: [ircx.conn], line: `:${SERVER_NAME} NOTICE * :marked` },
      ],
      gw,
    );
    await ircx.c.waitFor(/:marked$/);
    await gateway.stop();
    await gatewayNc.close();
    await ircx.c.waitClosed();
    expect(ircx.c.lines.slice(1)).toEqual(['ERROR :Closing Link: 127.0.0.1 (Server shutting down)']);
  });
});
