/**
 * A log-bucket latency histogram (about 2% relative error), cheap enough to record every
 * delivery in the load generator and small enough to send to the coordinator and merge.
 * Values are microseconds.
 */
const BUCKETS_PER_E = 50;
const BUCKET_COUNT = 1200; // e^(1200/50) µs ≈ 26 million s: every latency fits.

export interface HistogramData {
  /** [bucket, count] pairs of the non-empty buckets. */
  buckets: Array<[number, number]>;
  count: number;
  maxUs: number;
}

export class LatencyHistogram {
  private counts = new Float64Array(BUCKET_COUNT);
  count = 0;
  maxUs = 0;

  record(us: number): void {
    const value = us < 1 ? 1 : us;
    let bucket = Math.floor(Math.log(value) * BUCKETS_PER_E);
    if (bucket >= BUCKET_COUNT) bucket = BUCKET_COUNT - 1;
    // In range by construction (value >= 1); a typed array has no holes, so `?? 0` never applies.
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.count++;
    if (value > this.maxUs) this.maxUs = value;
  }

  merge(data: HistogramData): void {
    // A bucket out of range is dropped, as writing past the end of a typed array always did.
    for (const [bucket, n] of data.buckets)
      if (bucket >= 0 && bucket < BUCKET_COUNT) this.counts[bucket] = (this.counts[bucket] ?? 0) + n;
    this.count += data.count;
    if (data.maxUs > this.maxUs) this.maxUs = data.maxUs;
  }

  /** The value below which `p` percent of the samples lie (a bucket's midpoint), 0 when empty. */
  percentileUs(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (const [bucket, n] of this.counts.entries()) {
      seen += n;
      if (seen >= rank) return Math.min(this.maxUs, Math.exp((bucket + 0.5) / BUCKETS_PER_E));
    }
    return this.maxUs;
  }

  toData(): HistogramData {
    const buckets: Array<[number, number]> = [];
    for (const [bucket, n] of this.counts.entries()) if (n > 0) buckets.push([bucket, n]);
    return { buckets, count: this.count, maxUs: this.maxUs };
  }

  /** A new histogram holding this one's samples and `other`'s. */
  merged(other: LatencyHistogram): LatencyHistogram {
    return LatencyHistogram.from([this.toData(), other.toData()]);
  }

  static from(parts: HistogramData[]): LatencyHistogram {
    const merged = new LatencyHistogram();
    for (const part of parts) merged.merge(part);
    return merged;
  }
}

/** p50/p99/max in milliseconds, rounded for reports. */
export function latencySummary(histogram: LatencyHistogram): {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  samples: number;
} {
  const ms = (us: number) => Math.round(us / 10) / 100;
  return {
    p50Ms: ms(histogram.percentileUs(50)),
    p99Ms: ms(histogram.percentileUs(99)),
    maxMs: ms(histogram.maxUs),
    samples: histogram.count,
  };
}
