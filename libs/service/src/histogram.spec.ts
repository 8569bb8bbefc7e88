import { Histogram, Registry } from 'prom-client';
import { lightHistogram } from './histogram';

describe('lightHistogram', () => {
  it('exposes the same text as prom-client Histogram fed the same values', async () => {
    const buckets = [0.001, 0.01, 0.1, 1];
    const values = [0.0005, 0.001, 0.002, 0.05, 0.05, 0.7, 3, 0];
    const ours = new Registry();
    const theirs = new Registry();
    const light = lightHistogram(ours, 'portalchat_x_seconds', 'x', buckets);
    const reference = new Histogram({ name: 'portalchat_x_seconds', help: 'x', buckets, registers: [theirs] });
    for (const v of values) {
      light.observe(v);
      reference.observe(v);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('counts a value equal to a bound in that bound (le is "less or equal")', async () => {
    const registry = new Registry();
    lightHistogram(registry, 'h', 'h', [1, 2]).observe(1);
    expect(await registry.metrics()).toContain('h_bucket{le="1"} 1');
  });

  it('ignores NaN and negative values rather than poisoning the sum', async () => {
    const registry = new Registry();
    const h = lightHistogram(registry, 'h', 'h', [1]);
    h.observe(Number.NaN);
    h.observe(-0.5);
    h.observe(0.5);
    const text = await registry.metrics();
    expect(text).toContain('h_count 1');
    expect(text).toContain('h_sum 0.5');
  });

  it('carries the registry default labels like any other metric', async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'state' });
    lightHistogram(registry, 'h', 'h', [1]).observe(2);
    const text = await registry.metrics();
    expect(text).toContain('h_bucket{le="+Inf",service="state"} 1');
    expect(text).toContain('h_count{service="state"} 1');
  });

  it('refuses buckets that do not increase', () => {
    expect(() => lightHistogram(new Registry(), 'h', 'h', [1, 1])).toThrow('h: buckets must increase (1, 1)');
  });
});
