import type { ServerProcess } from './systems/types';

/**
 * CPU seconds each role used between two readings (pid → CPU seconds so far), summed over the
 * servers: the three gateways of a network count as one `gateway` figure. A process missing from
 * a reading (gone, or started in between) counts from zero, as /proc reads a gone process.
 */
export function cpuByRole(
  processes: readonly ServerProcess[],
  before: ReadonlyMap<number, number>,
  after: ReadonlyMap<number, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { pid, role } of processes) {
    const used = Math.max(0, (after.get(pid) ?? 0) - (before.get(pid) ?? 0));
    out[role] = (out[role] ?? 0) + used;
  }
  return out;
}
