import { LatencyHistogram, latencySummary } from './histogram';

describe('LatencyHistogram', () => {
  it('reports percentiles within a few percent of the exact value', () => {
    const h = new LatencyHistogram();
    for (let us = 1; us <= 10_000; us++) h.record(us);
    expect(h.percentileUs(50) / 5000).toBeCloseTo(1, 1);
    expect(h.percentileUs(99) / 9900).toBeCloseTo(1, 1);
    expect(h.maxUs).toBe(10_000);
  });

  it('merges serialised parts into the same figures as one histogram', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const all = new LatencyHistogram();
    for (let i = 0; i < 1000; i++) {
      const value = 100 + i * 37;
      (i % 2 ? a : b).record(value);
      all.record(value);
    }
    const merged = LatencyHistogram.from([a.toData(), b.toData()]);
    expect(merged.count).toBe(1000);
    expect(merged.percentileUs(99)).toBe(all.percentileUs(99));
    expect(merged.maxUs).toBe(all.maxUs);
  });

  it('summarises an empty histogram as zeros', () => {
    expect(latencySummary(new LatencyHistogram())).toEqual({ p50Ms: 0, p99Ms: 0, maxMs: 0, samples: 0 });
  });
});
