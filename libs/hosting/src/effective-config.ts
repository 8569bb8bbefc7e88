import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostConfig } from '@portalchat/config';
import { stringify } from 'yaml';

/**
 * The services take one argument, `--config <file>`, so a host started with overrides (other
 * ports, another NATS URL, an extra operator) hands them a file holding the *effective*
 * configuration rather than a second way of passing settings. The file is written in the same
 * shape the schema reads, so the services re-validate it like any host file.
 */
export function effectiveConfigYaml(config: HostConfig): string {
  const { source, tls, ...fields } = config;
  // A generated TLS certificate is, by now, a pair of files like any other.
  const file = tls === undefined ? fields : { ...fields, tls: { ...tls, generated: undefined } };
  return `# Effective configuration of ${config.server.name}, generated from ${source}. Do not edit.\n${stringify(file)}`;
}

/** Writes the effective configuration under `<dataDir>/run/` and returns the file's path. */
export function writeEffectiveConfig(config: HostConfig): string {
  const dir = join(config.dataDir, 'run');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${config.server.name}.effective.yaml`);
  writeFileSync(file, effectiveConfigYaml(config), { mode: 0o600 });
  return file;
}
