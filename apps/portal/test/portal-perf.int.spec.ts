// Measures one link with fake states: events per second, and the time to burst 1,000 users.
// The assertions are loose floors (a busy CI box is slow); the figures are printed.
import type { NetOutItem } from '@portalchat/protocol';
import { marker, testUser, waitFor } from './fake-state';
import { planHost, portalTo, startHost, type TestHost } from './hosts';

jest.setTimeout(60_000);

describe('portal link throughput', () => {
  let a: TestHost;
  let b: TestHost;
  const burstStarted = { at: 0 };

  beforeAll(async () => {
    const pa = await planHost(10, 'Alpha');
    const pb = await planHost(12, 'Hub');
    b = await startHost(pb, [portalTo(pa)]);
    burstStarted.at = Date.now();
    a = await startHost(pa, [portalTo(pb, { uplink: true })], 'silent', (state) => {
      // 1,000 users in chunks of 100, as state would send them.
      state.burstChunks = Array.from({ length: 10 }, (_, c) => Array.from({ length: 100 }, (_, i) => ({ type: 'user' as const, user: testUser(10, c * 100 + i) })));
    });
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('bursts 1,000 users to the peer state', async () => {
    await waitFor('1,000 users on Hub', () => b.state.events().filter((e) => e.type === 'user').length === 1000, 10_000);
    const sent = a.portal.statuses()[0].lastBurstSent!;
    await waitFor('burst figures on the receiving side', () => b.portal.statuses()[0].lastBurstReceived);
    const total = Date.now() - burstStarted.at;
    console.log(`burst of 1,000 users: sender ${sent.ms} ms (state request → last chunk sent), receiver ${b.portal.statuses()[0].lastBurstReceived!.ms} ms; host start to all users at the peer state ${total} ms`);
    expect(sent.events).toBe(1000);
    expect(total).toBeLessThan(10_000);
  });

  it('carries many events per second through one link', async () => {
    const total = 100_000;
    const perBatch = 500;
    const startCount = b.state.events().length;
    const started = Date.now();
    for (let i = 0; i < total; i += perBatch) {
      const items: NetOutItem[] = Array.from({ length: perBatch }, (_, j) => ({ event: marker(`p${i + j}`) }));
      a.state.emit(items);
      if (i % 10_000 === 0) await new Promise((r) => setImmediate(r));
    }
    await waitFor('all events at the peer state', () => b.state.events().length - startCount >= total, 50_000);
    const seconds = (Date.now() - started) / 1000;
    console.log(`${total} events through one link (fake state → portal → gRPC → portal → fake state) in ${seconds.toFixed(2)} s: ${Math.round(total / seconds)} events/s`);
    expect(total / seconds).toBeGreaterThan(5000);
  });
});
