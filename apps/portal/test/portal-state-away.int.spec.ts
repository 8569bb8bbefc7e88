import { eventually, metricSample, quietPeriod } from '@portalchat/testkit';
import { planHost, portalTo, startHost, type TestHost } from './hosts';

jest.setTimeout(20_000);

const awayGauge = async (host: TestHost) =>
  metricSample(await host.metrics.registry.metrics(), 'portalchat_portal_state_away') ?? -1;

describe('portal whose state goes silent (two hosts, real gRPC and NATS, a fake state)', () => {
  let alpha: TestHost;
  let hub: TestHost;

  beforeAll(async () => {
    const pa = await planHost(10, 'Alpha');
    const pb = await planHost(12, 'Hub');
    hub = await startHost(pb, [portalTo(pa)]);
    // Alpha takes its state for gone after 1 s of silence.
    alpha = await startHost(pa, [portalTo(pb, { uplink: true })], 'silent', () => {}, 0, 1);
    await eventually('the link', () => alpha.state.serverIds().length === 2 && hub.state.serverIds().length === 2);
  });

  afterAll(async () => {
    await alpha?.stop();
    await hub?.stop();
  });

  it('keeps its links through a quiet spell while state answers the info poll', async () => {
    await quietPeriod(2500, 'a quiet host whose state answers must keep its link');
    expect(alpha.portal.statuses()[0]?.state).toBe('up');
    expect(alpha.portal.readiness().ready).toBe(true);
    expect(await awayGauge(alpha)).toBe(0);
  });

  it('splits its host off the network while state is silent, and links again once state is back', async () => {
    alpha.state.setSilent(true);
    await eventually('the hub to split Alpha off', () => hub.state.serverIds().join() === '12', { timeoutMs: 6000 });
    const readiness = alpha.portal.readiness();
    expect(readiness.ready).toBe(false);
    expect(readiness.ready === false && readiness.reason).toMatch(/state service silent for \d+ s/);
    expect(await awayGauge(alpha)).toBe(1);
    // Alpha is the side that dials, and it stops dialing: no link comes back meanwhile.
    await quietPeriod(1500, 'no link while state is silent');
    expect(alpha.portal.statuses()[0]?.state).not.toBe('up');
    expect(hub.state.serverIds()).toEqual([12]);

    alpha.state.setSilent(false);
    await eventually('the link back', () => hub.state.serverIds().join() === '10,12', { timeoutMs: 6000 });
    expect(alpha.portal.readiness().ready).toBe(true);
    expect(await awayGauge(alpha)).toBe(0);
  });
});
