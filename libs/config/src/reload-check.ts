import type { HostConfig } from './types';

/**
 * What a reload cannot change while the host runs (issue 14): who the server is, where it listens,
 * its bus and its data. A reloaded file that changes one of these is refused as a whole, with one
 * message per field, so the running host never half-applies it; a restart takes such a change.
 * Everything else (MOTD, operators, accounts, limits, flood, portals, certificates, IRCX policy,
 * cloaking, history) is taken by the running services.
 */
const FIXED: ReadonlyArray<[string, (c: HostConfig) => unknown]> = [
  ['server.name', (c) => c.server.name],
  ['server.id', (c) => c.server.id],
  ['listen', (c) => c.listen],
  ['nats', (c) => c.nats],
  ['dataDir', (c) => c.dataDir],
  ['gateway.id', (c) => c.gateway.id],
];

/** One message per field of FIXED that differs, naming the file and the field. */
export function fixedFieldChanges(current: HostConfig, next: HostConfig): string[] {
  return FIXED.filter(([, read]) => JSON.stringify(read(current)) !== JSON.stringify(read(next))).map(
    ([field]) => `${next.source}: ${field}: cannot change while the host runs (restart it to change this)`,
  );
}
