import { readFileSync } from 'node:fs';

/** Linux clock ticks per second (CLK_TCK is 100 on every mainstream kernel config). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: fields count from after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Resident set size in KiB, 0 once the process is gone. */
export function rssKiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds so far of each process. */
export const cpuSecondsByPid = (pids: number[]) => new Map(pids.map((pid) => [pid, cpuSeconds(pid)]));
export const totalRssKiB = (pids: number[]) => pids.reduce((sum, pid) => sum + rssKiB(pid), 0);
