import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PortalConfig } from '@portalchat/config';

/**
 * Portals added at run time through the admin API (issue 14), kept in
 * `<dataDir>/portal/runtime-portals.json` so that they survive a restart of the portal service or
 * of the host: the host file is the operator's, and is never rewritten. At start they are added
 * to the host file's portals (an entry whose name the host file now has too is dropped: the file
 * wins). Removing a portal through the API removes it from here as well.
 */
export class RuntimePortals {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'portal', 'runtime-portals.json');
  }

  /** What was stored; a missing file is none, an unreadable one is reported and treated as none. */
  load(onProblem: (problem: string) => void): PortalConfig[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') onProblem(`${this.file}: ${(err as Error).message}`);
      return [];
    }
    try {
      const value = JSON.parse(text) as unknown;
      if (!Array.isArray(value)) throw new Error('expected a list of portals');
      return value as PortalConfig[];
    } catch (err) {
      onProblem(`${this.file}: ${(err as Error).message}`);
      return [];
    }
  }

  /** Replaces the stored list (written to a temporary file first, so a crash leaves the old or the new). */
  save(portals: readonly PortalConfig[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(portals, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}

/** Why `portal` cannot join `existing` (a name or server ID taken, or this server's own ID), or undefined. */
export function portalClash(
  portal: Pick<PortalConfig, 'name' | 'serverId'>,
  existing: readonly PortalConfig[],
  ownServerId: number,
): string | undefined {
  if (portal.serverId === ownServerId) return `server ID ${portal.serverId} is this server's own`;
  const byName = existing.find((p) => p.name === portal.name);
  if (byName) return `a portal named ${portal.name} exists already`;
  const byId = existing.find((p) => p.serverId === portal.serverId);
  if (byId) return `portal ${byId.name} links server ID ${portal.serverId} already`;
  return undefined;
}
