/** Pure figures of a password-flood run (see main.ts). */

/** The `p`-th percentile (nearest rank) of `values`; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

/** A probe sent at `sentAt` (ms) and answered at `answeredAt`, or never. */
export interface Probe {
  sentAt: number;
  answeredAt?: number;
}

export interface ProbeSummary {
  sent: number;
  /** Never answered by the end of the run. */
  unanswered: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Reply times of the probes sent within [from, to); an unanswered probe counts as `endAt - sentAt`. */
export function summarizeProbes(probes: readonly Probe[], from: number, to: number, endAt: number): ProbeSummary {
  const inWindow = probes.filter((p) => p.sentAt >= from && p.sentAt < to);
  const times = inWindow.map((p) => (p.answeredAt ?? endAt) - p.sentAt);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    sent: inWindow.length,
    unanswered: inWindow.filter((p) => p.answeredAt === undefined).length,
    p50Ms: round(percentile(times, 50)),
    p99Ms: round(percentile(times, 99)),
    maxMs: round(times.reduce((max, t) => Math.max(max, t), 0)),
  };
}

/**
 * How long after `floodEnd` the server was back to normal: the send time (relative to floodEnd)
 * after which every probe was answered within `boundMs`; 0 when it never fell behind after the end.
 */
export function recoveredAfter(probes: readonly Probe[], floodEnd: number, endAt: number, boundMs: number): number {
  let last = floodEnd;
  for (const p of probes) {
    const took = (p.answeredAt ?? endAt) - p.sentAt;
    if (took > boundMs && p.sentAt + took > last) last = p.sentAt + took;
  }
  return Math.max(0, Math.round(last - floodEnd));
}
