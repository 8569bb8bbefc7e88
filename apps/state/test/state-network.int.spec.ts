import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  subjects,
  PROTOCOL_VERSION,
  type BurstChunk,
  type GatewayEvent,
  type NetInItem,
  type NetOutItem,
} from '@portalchat/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, createMetrics, publishEnvelope, subscribeEnvelopes } from '@portalchat/service';
import { eventually, startTestNats, type TestNats } from '@portalchat/testkit';
import { FakeGateway, FakePortal } from './numbered-peers';
import { buildState, type StateService } from '../src/app';
import { makeConfig } from '../src/testing/harness';

/**
 * The state service's side of the portal contract over real NATS: local changes go out on
 * portal.out, network batches come in on portal.in, and burst requests get their chunks.
 */
describe('state service network subjects over NATS', () => {
  const SID = 42;
  const PEER = 43;
  const dataDir = mkdtempSync(join(tmpdir(), 'state-network-'));
  const config = makeConfig({
    server: { id: SID, name: 'irc.state.test' },
    dataDir,
    portals: [
      {
        name: 'to_peer',
        address: '127.0.0.1',
        port: 6665,
        serverId: PEER,
        uplink: true,
        secret: 'test-secret',
        insecure: false,
      },
    ],
  });
  let nats: TestNats;
  let serviceConn: NatsConnection;
  let portal: NatsConnection;
  let service: StateService;
  let gateway: FakeGateway;
  let fakePortal: FakePortal;
  const logger = createLogger('state', { level: 'silent' });

  beforeAll(async () => {
    nats = await startTestNats();
    portal = await connect({ servers: nats.url });
    gateway = new FakeGateway(portal, SID, 'gwA');
    fakePortal = new FakePortal(portal, SID);
    await portal.flush();
    serviceConn = await connect({ servers: nats.url });
    service = buildState({ config, nc: serviceConn, logger, metrics: createMetrics('state') });
    await service.start();
    await serviceConn.flush();
    // State numbers network changes for a portal instance it has heard from.
    fakePortal.send([]);
    await portal.flush();
  });

  afterAll(async () => {
    await service.stop();
    await serviceConn.close();
    await portal.close();
    await nats.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const netOut = (): NetOutItem[] => fakePortal.out;
  const lines = (): string[] => gateway.lines;
  const fromGateway = (events: GatewayEvent[]) => gateway.send(events);

  it('publishes a local registration and JOIN on portal.out', async () => {
    fromGateway([
      { type: 'open', conn: 1, ip: '127.0.0.1', port: 5000, localIp: '127.0.0.1', localPort: 6667, tls: false },
      { type: 'line', conn: 1, line: 'NICK alice' },
      { type: 'line', conn: 1, line: 'USER alice 0 * :Alice' },
      { type: 'line', conn: 1, line: 'JOIN #lobby' },
    ]);
    const join = await eventually('a join event', () => netOut().find((i) => i.event.type === 'join'), {
      timeoutMs: 3000,
    });
    expect(join.event).toMatchObject({ type: 'join', channel: '#lobby', modes: 'o' });
    expect(netOut().find((i) => i.event.type === 'user')?.event).toMatchObject({
      type: 'user',
      user: { nick: 'alice', serverId: SID },
    });
  });

  it('applies a network batch from portal.in and delivers to the local client', async () => {
    const stamp = (seq: number) => ({ origin: PEER, epoch: 1, seq });
    const items: NetInItem[] = [
      {
        type: 'servers',
        servers: [
          { serverId: SID, name: 'irc.state.test', description: 'Test server', hops: 0, uplink: 'irc.state.test' },
          { serverId: PEER, name: 'peer.test', description: 'Peer', hops: 1, uplink: 'irc.state.test' },
        ],
      },
      {
        type: 'event',
        event: {
          type: 'user',
          user: {
            uid: 'U43A000001',
            nick: 'bob',
            nickTs: 1,
            username: '~bob',
            hostname: 'bob.host',
            realname: 'Bob',
            serverId: PEER,
            signonAt: 1,
            modes: '',
          },
          stamp: stamp(1),
        },
      },
      {
        type: 'event',
        event: {
          type: 'join',
          channel: '#lobby',
          channelTs: Date.now() + 60_000,
          uid: 'U43A000001',
          modes: '',
          stamp: stamp(2),
        },
      },
    ];
    fakePortal.send(items);
    expect(
      await eventually('the remote JOIN', () => lines().find((l) => l.includes('bob!')), { timeoutMs: 3000 }),
    ).toBe(':bob!~bob@bob.host JOIN #lobby');
  });

  it('answers a burst request with chunks on replyTo, the last one marked', async () => {
    const replyTo = subjects.burstReply(SID, 'b1');
    const chunks: BurstChunk[] = [];
    subscribeEnvelopes(portal, replyTo, logger, (chunk) => {
      chunks.push(chunk);
    });
    await portal.flush();
    publishEnvelope(portal, subjects.stateBurst(SID), {
      v: PROTOCOL_VERSION,
      replyTo: replyTo.name,
      excludeServers: [PEER],
    });
    await eventually('the last burst chunk', () => chunks.find((c) => c.last), { timeoutMs: 3000 });
    const all = chunks.flatMap((c) => c.events);
    // The channel's recent history comes last (history is on by default), for a netjoin's merge.
    const history = all.filter((e) => e.type === 'history');
    expect(history.flatMap((e) => e.entries).length).toBeGreaterThan(0);
    const events = all.filter((e) => e.type !== 'history');
    expect(events.map((e) => e.type)).toEqual(['user', 'channel']);
    expect(events[0]).toMatchObject({ user: { nick: 'alice' } });
    // bob is on the excluded server: neither he nor his membership is sent back.
    expect(events[1]).toMatchObject({ channel: { name: '#lobby', members: [[expect.any(String), 'o']] } });
  });
});
