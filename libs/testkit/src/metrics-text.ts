/**
 * The value of the first sample of metric `name` whose labels include every pair of `labels`,
 * from Prometheus text exposition (what /metrics serves, or a prom-client registry's metrics());
 * undefined when there is none.
 */
export function metricSample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    if (!sample || sample[1] !== name) continue;
    const has = labelsOf(sample[2] ?? '');
    if (Object.entries(labels).every(([key, value]) => has.get(key) === value)) return Number(sample[3]);
  }
  return undefined;
}

function labelsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, key, raw] of text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
    if (key === undefined || raw === undefined) continue; // both groups are mandatory in the pattern
    out.set(
      key,
      raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)),
    );
  }
  return out;
}
