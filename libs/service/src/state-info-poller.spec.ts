import { connect, type NatsConnection } from '@nats-io/transport-node';
import { PROTOCOL_VERSION, subjects, type StateInfo } from '@portalchat/protocol';
import { startTestNats, type TestNats } from '@portalchat/testkit';
import { serveRequests } from './envelope-subscription';
import { createLogger } from './logger';
import { StateInfoPoller } from './state-info-poller';

const logger = createLogger('test', { level: 'silent' });

let nats: TestNats;
let nc: NatsConnection;

beforeAll(async () => {
  nats = await startTestNats();
  nc = await connect({ servers: nats.url });
});

afterAll(async () => {
  await nc.close();
  await nats.stop();
});

const info = (serverId: number): StateInfo => ({
  v: PROTOCOL_VERSION,
  instance: 'i1',
  lineage: 'l1',
  serverName: 'irc.test',
  serverId,
  users: 0,
  channels: 0,
});

describe('StateInfoPoller', () => {
  it("hands state's answer over, and asks once while a request is in flight", async () => {
    let asked = 0;
    const sub = serveRequests(nc, subjects.stateInfo(21), logger, () => {
      asked++;
      return info(21);
    });
    const seen: StateInfo[] = [];
    const poller = new StateInfoPoller({
      nc,
      serverId: 21,
      logger,
      timeoutMs: 1000,
      connected: () => true,
      onInfo: (answer) => seen.push(answer),
    });
    await Promise.all([poller.poll(), poller.poll()]);
    expect([asked, seen]).toEqual([1, [info(21)]]);
    sub.unsubscribe();
  });

  it('resolves without an answer when nobody serves state, and asks nothing while NATS has no server', async () => {
    let answers = 0;
    let asked = 0;
    const poller = (connected: boolean) =>
      new StateInfoPoller({
        nc,
        serverId: 22,
        logger,
        timeoutMs: 200,
        connected: () => connected,
        onInfo: () => answers++,
      });
    await poller(true).poll();
    const sub = serveRequests(nc, subjects.stateInfo(22), logger, () => {
      asked++;
      return info(22);
    });
    await poller(false).poll();
    expect([answers, asked]).toEqual([0, 0]);
    sub.unsubscribe();
  });
});
