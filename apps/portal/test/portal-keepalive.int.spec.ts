import { buildHealthServer, createLogger } from '@portalchat/service';
import { eventually, metricSample, TcpRelay } from '@portalchat/testkit';
import { planHost, portalTo, startHost, type TestHost } from './hosts';

jest.setTimeout(20_000);

describe('portal keepalive', () => {
  let a: TestHost;
  let b: TestHost;
  let proxy: TcpRelay;

  beforeAll(async () => {
    const pa = await planHost(10, 'Alpha');
    const pb = await planHost(12, 'Hub');
    proxy = await TcpRelay.start({ host: '127.0.0.1', port: pb.portalPort });
    b = await startHost(pb, [portalTo(pa)]);
    a = await startHost(pa, [portalTo(pb, { uplink: true, port: proxy.port })]);
    await eventually('the link', () => a.state.serverIds().length === 2 && b.state.serverIds().length === 2);
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await proxy?.close();
  });

  it('shows each link on /readyz and /metrics', async () => {
    const health = buildHealthServer({
      service: 'portal',
      readiness: () => a.portal.readiness(),
      registry: a.metrics.registry,
      logger: createLogger('t', { level: 'silent' }),
    });
    const res = await health.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ready',
      serverId: 10,
      portals: [{ name: 'Portal_to_Hub', state: 'up', peer: { serverId: 12, name: 'Hub' } }],
    });
    await eventually('an RTT', () => a.portal.statuses()[0]?.rttMs !== undefined, { timeoutMs: 3000 });
    // A 1 s tick copies the RTT into the gauge.
    const metrics = await eventually(
      'the RTT on /metrics',
      async () => {
        const text = (await health.inject({ method: 'GET', url: '/metrics' })).body;
        return (
          metricSample(text, 'portalchat_portal_link_rtt_seconds', { link: 'Portal_to_Hub' }) !== undefined && text
        );
      },
      { timeoutMs: 3000 },
    );
    expect(metrics).toMatch(/portalchat_portal_link_up\{link="Portal_to_Hub"[^}]*\} 1/);
    expect(metrics).toMatch(
      /portalchat_portal_link_peer_info\{link="Portal_to_Hub",peer_id="12",peer_name="Hub"[^}]*\} 1/,
    );
    expect(metrics).toMatch(/portalchat_portal_link_rtt_seconds\{link="Portal_to_Hub"[^}]*\} \d/);
    expect(metrics).toMatch(/portalchat_portal_network_servers\{[^}]*\} 2/);
    await health.close();
  });

  it('declares a silent link dead within a few seconds and splits its servers off', async () => {
    const started = Date.now();
    proxy.freeze(); // the TCP connection stays open; nothing gets through any more
    await eventually(
      'the split on both sides',
      () => a.state.serverIds().length === 1 && b.state.serverIds().length === 1,
      { timeoutMs: 5000 },
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(a.state.tables().at(-1)?.splitReason).toBe('Alpha Hub');
    expect(b.state.tables().at(-1)?.splitReason).toBe('Hub Alpha');
    expect(a.portal.statuses()[0]?.reason).toMatch(/^Ping timeout/);
  });
});
