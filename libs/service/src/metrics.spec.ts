import type { NatsConnection } from '@nats-io/transport-node';
import { createMetrics, natsRttGauge } from './metrics';

describe('createMetrics', () => {
  it('prefixes our metrics with portalchat_ and labels them with the service', async () => {
    const metrics = createMetrics('gateway');
    metrics.counter('lines_in_total', 'lines').inc(2);
    metrics.gauge('connections', 'open sockets').set(5);
    const text = await metrics.registry.metrics();
    expect(text).toContain('portalchat_lines_in_total{service="gateway"} 2');
    expect(text).toContain('portalchat_connections{service="gateway"} 5');
  });

  it('includes the default process metrics', async () => {
    const text = await createMetrics('state').registry.metrics();
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});

describe('natsRttGauge', () => {
  it('reports the round trip measured at scrape time in seconds', async () => {
    const { registry } = createMetrics('gateway');
    const nc = { rtt: () => Promise.resolve(12) } as unknown as NatsConnection;
    natsRttGauge(registry, nc);
    expect(await registry.metrics()).toContain('portalchat_nats_rtt_seconds{service="gateway"} 0.012');
  });

  it('reports NaN when NATS does not answer', async () => {
    const { registry } = createMetrics('gateway');
    const nc = { rtt: async () => Promise.reject(new Error('disconnected')) } as unknown as NatsConnection;
    natsRttGauge(registry, nc);
    // prom-client prints "Nan"; Prometheus parses NaN case-insensitively.
    expect(await registry.metrics()).toMatch(/^portalchat_nats_rtt_seconds\{service="gateway"\} nan$/im);
  });
});

describe('portalchat_build_info', () => {
  it('is 1 on every registry, labelled with the version, commit and Node version', async () => {
    const text = await createMetrics('portal').registry.metrics();
    const node = process.versions.node.replace(/\./g, '\\.');
    expect(text).toMatch(
      new RegExp(
        `^portalchat_build_info\\{version="\\d+\\.\\d+\\.\\d+",commit="([0-9a-f]{40}|unknown)",node_version="${node}",service="portal"\\} 1$`,
        'm',
      ),
    );
  });
});

describe('ServiceMetrics.histogram', () => {
  it('prefixes the name and labels the series with the service', async () => {
    const metrics = createMetrics('state');
    metrics.histogram('turn_seconds', 'turns', [0.01]).observe(0.002);
    const text = await metrics.registry.metrics();
    expect(text).toContain('# TYPE portalchat_turn_seconds histogram');
    expect(text).toContain('portalchat_turn_seconds_bucket{le="0.01",service="state"} 1');
  });
});
