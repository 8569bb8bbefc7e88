import { readFileSync } from 'node:fs';

/** One process's resident pages, from /proc/<pid>/smaps: its own, and those it shares, per mapping. */
export interface ResidentPages {
  /** Pages no other process maps (Private_Clean + Private_Dirty), KiB. */
  privateKiB: number;
  /** Pages other processes map too (Shared_Clean + Shared_Dirty), KiB, by mapped file (or `[anon]`…). */
  sharedKiB: Map<string, number>;
}

const MAPPING_LINE = /^[0-9a-f]+-[0-9a-f]+\s/;
const FIELD_LINE = /^(Private_Clean|Private_Dirty|Shared_Clean|Shared_Dirty):\s+(\d+) kB/;

/** The resident pages of one smaps text (the format of Linux's /proc/<pid>/smaps). */
export function parseSmaps(text: string): ResidentPages {
  const pages: ResidentPages = { privateKiB: 0, sharedKiB: new Map() };
  let mapping = '[anon]';
  for (const line of text.split('\n')) {
    if (MAPPING_LINE.test(line)) {
      // address perms offset dev inode [path]: the path may hold spaces.
      mapping = line.split(/\s+/).slice(5).join(' ') || '[anon]';
      continue;
    }
    const field = FIELD_LINE.exec(line);
    if (!field) continue;
    const kib = Number(field[2]);
    if (field[1]?.startsWith('Private')) pages.privateKiB += kib;
    else pages.sharedKiB.set(mapping, (pages.sharedKiB.get(mapping) ?? 0) + kib);
  }
  return pages;
}

/**
 * Resident memory of a group of processes with the pages they share counted once: every
 * process's own pages, plus per mapped file the most any of them has resident of it. VmRSS
 * summed over a host's processes counts the node binary's code (about 40 MB resident per
 * process, the same pages) once per service; this counts it once per host, which is what the
 * machine holds. Shared pages of one file are taken as nested (the process with the most holds
 * the others'), so this is a close lower bound.
 */
export function sharedOnceKiB(processes: readonly ResidentPages[]): number {
  let total = 0;
  const shared = new Map<string, number>();
  for (const p of processes) {
    total += p.privateKiB;
    for (const [mapping, kib] of p.sharedKiB) shared.set(mapping, Math.max(shared.get(mapping) ?? 0, kib));
  }
  for (const kib of shared.values()) total += kib;
  return total;
}

/** sharedOnceKiB of live processes (a process gone by now counts nothing). */
export function sharedOnceKiBOf(pids: readonly number[]): number {
  const pages: ResidentPages[] = [];
  for (const pid of pids) {
    try {
      pages.push(parseSmaps(readFileSync(`/proc/${pid}/smaps`, 'utf8')));
    } catch {
      // gone
    }
  }
  return sharedOnceKiB(pages);
}
