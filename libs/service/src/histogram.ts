import type { Registry } from 'prom-client';

/** Latency buckets (seconds) for work done within a host: half a millisecond to five seconds. */
export const LATENCY_BUCKETS: readonly number[] = Object.freeze([
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
]);

/** An unlabelled histogram whose observe() is safe on a hot path. */
export interface LightHistogram {
  /** Counts one value (seconds, bytes…: the metric's base unit). */
  observe(value: number): void;
}

/**
 * A Prometheus histogram without labels whose observe() allocates nothing: a bucket index found
 * by a scan of a dozen bounds, two additions. prom-client's own Histogram builds a label object
 * and a hash key on every observe, which per event on a fan-out path is garbage the collector
 * pays for. The cumulative buckets are built only when the registry is scraped.
 */
export function lightHistogram(
  registry: Registry,
  name: string,
  help: string,
  buckets: readonly number[] = LATENCY_BUCKETS,
): LightHistogram {
  if (buckets.some((bound, i) => i > 0 && !((buckets[i - 1] ?? -Infinity) < bound)))
    throw new Error(`${name}: buckets must increase (${buckets.join(', ')})`);
  const bounds = Float64Array.from(buckets);
  // counts[i]: values in (bounds[i-1], bounds[i]]; the last slot holds those above every bound.
  const counts = new Float64Array(bounds.length + 1);
  let sum = 0;
  let count = 0;

  registry.registerMetric({
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get() {
      const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
      let cumulative = 0;
      bounds.forEach((le, i) => {
        cumulative += counts[i] ?? 0;
        values.push({ metricName: `${name}_bucket`, labels: { le }, value: cumulative });
      });
      values.push({ metricName: `${name}_bucket`, labels: { le: '+Inf' }, value: count });
      values.push({ metricName: `${name}_sum`, labels: {}, value: sum });
      values.push({ metricName: `${name}_count`, labels: {}, value: count });
      return { name, help, type: 'histogram', aggregator: 'sum', values };
    },
    reset() {
      counts.fill(0);
      sum = 0;
      count = 0;
    },
  } as unknown as Parameters<Registry['registerMetric']>[0]);

  return {
    observe(value: number): void {
      // NaN would poison the sum forever; a clock step backwards is not a latency either.
      if (!(value >= 0)) return;
      let i = 0;
      while (i < bounds.length && value > (bounds[i] ?? Infinity)) i++;
      counts[i] = (counts[i] ?? 0) + 1;
      sum += value;
      count++;
    },
  };
}
