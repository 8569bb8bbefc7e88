// One link under volume, with fake states: a burst of 1,000 users in ten chunks and 100,000 live
// events, every one delivered in order. What it asserts is what arrives, never how fast: the
// speed of a link is measured by `npm run bench -- --scenarios link`.
import type { NetOutItem } from '@portalchat/protocol';
import { eventually } from '@portalchat/testkit';
import { marker, testUser } from './fake-state';
import { planHost, portalTo, startHost, type TestHost } from './hosts';

jest.setTimeout(60_000);

const USERS = 1000;
const EVENTS = 100_000;

describe('portal link volume', () => {
  let a: TestHost;
  let b: TestHost;

  beforeAll(async () => {
    const pa = await planHost(10, 'Alpha');
    const pb = await planHost(12, 'Hub');
    b = await startHost(pb, [portalTo(pa)]);
    a = await startHost(pa, [portalTo(pb, { uplink: true })], 'silent', (state) => {
      // 1,000 users in chunks of 100, as state would send them.
      state.burstChunks = Array.from({ length: 10 }, (_, c) =>
        Array.from({ length: 100 }, (_, i) => ({ type: 'user' as const, user: testUser(10, c * 100 + i) })),
      );
    });
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('bursts 1,000 users to the peer state in order, and both portals report the burst', async () => {
    const users = () => b.state.events().flatMap((e) => (e.type === 'user' ? [e.user.uid] : []));
    await eventually('1,000 users on Hub', () => users().length === USERS, { timeoutMs: 30_000 });
    expect(users()).toEqual(Array.from({ length: USERS }, (_, i) => `10U${i}`));
    expect(a.portal.statuses()[0]?.lastBurstSent).toMatchObject({ events: USERS });
    const received = await eventually(
      'burst figures on the receiving side',
      () => b.portal.statuses()[0]?.lastBurstReceived,
    );
    expect(received).toMatchObject({ events: USERS });
  });

  it('carries 100,000 events through one link, none lost and in order', async () => {
    const perBatch = 500;
    const before = b.state.events().length;
    for (let i = 0; i < EVENTS; i += perBatch) {
      const items: NetOutItem[] = Array.from({ length: perBatch }, (_, j) => ({ event: marker(`p${i + j}`) }));
      a.state.emit(items);
      // Let the NATS client write now and then instead of buffering all 100,000 first.
      if (i % 10_000 === 0) await new Promise((r) => setImmediate(r));
    }
    await eventually('all events at the peer state', () => b.state.events().length - before >= EVENTS, {
      timeoutMs: 50_000,
    });
    const texts = b.state
      .events()
      .slice(before)
      .map((e) => (e.type === 'wallops' ? e.text : e.type));
    expect(texts).toEqual(Array.from({ length: EVENTS }, (_, i) => `p${i}`));
  });
});
