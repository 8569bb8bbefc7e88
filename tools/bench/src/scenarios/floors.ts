/**
 * A figure a run must reach, checked and reported by `npm run bench` instead of by a test: a
 * wall-clock figure depends on the machine and its load, which a test suite must not. A full run
 * that misses one fails (exit 1); a --quick run only reports it.
 */
export interface Floor {
  /** What is measured, as the report prints it. */
  metric: string;
  better: 'higher' | 'lower';
  /** The bound: at least this (higher) or at most this (lower). */
  bound: number;
  unit: string;
}

export interface FloorCheck extends Floor {
  value: number;
  met: boolean;
}

export function checkFloor(floor: Floor, value: number): FloorCheck {
  const met = Number.isFinite(value) && (floor.better === 'higher' ? value >= floor.bound : value <= floor.bound);
  return { ...floor, value, met };
}

/** `burst of 1,000 users ≤ 10,000 ms: 812 ms, met`. */
export function describeFloor(check: FloorCheck): string {
  const op = check.better === 'higher' ? '≥' : '≤';
  const figure = (n: number) => `${Math.round(n).toLocaleString('en-US')} ${check.unit}`;
  return `floor: ${check.metric} ${op} ${figure(check.bound)}: ${figure(check.value)}, ${check.met ? 'met' : 'MISSED'}`;
}
