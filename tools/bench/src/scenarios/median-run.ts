/** What ranks one repeat of a saturation step: its loss and its p99. */
export interface RepeatFigures {
  loss: number;
  latency: { p99Ms: number };
}

/**
 * The median repeat of one step: the repeats ranked by p99, a repeat that lost messages ranked
 * worst of all, and the middle one taken (of an even count, the better of the two middle ones).
 * The step then reports one real run whole (its deliveries/s, p99, CPU split agree), and it
 * passes exactly when most repeats pass: one unlucky repeat (a neighbour's burst on the shared
 * cores, a GC pause in the last second) no longer decides the headline, nor does one lucky one.
 */
export function medianRepeat<T extends RepeatFigures>(repeats: readonly T[]): T {
  if (repeats.length === 0) throw new Error('medianRepeat needs at least one repeat');
  const rank = (r: T) => (r.loss > 0 ? Number.POSITIVE_INFINITY : r.latency.p99Ms);
  const ranked = [...repeats].sort((a, b) => rank(a) - rank(b));
  return ranked[Math.floor((ranked.length - 1) / 2)] as T;
}
