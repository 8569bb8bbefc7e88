import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { findNatsServer } from '@portalchat/hosting';
import { INSPIRCD_BINARY } from './systems/inspircd';
import { NGIRCD_BINARY } from './systems/ngircd';

function firstLine(binary: string, args: string[]): string | undefined {
  try {
    const run = spawnSync(binary, args, { encoding: 'utf8', timeout: 5000 });
    return `${run.stdout ?? ''}${run.stderr ?? ''}`
      .split('\n')
      .find((l) => l.trim().length > 0)
      ?.trim();
  } catch {
    return undefined;
  }
}

/** What the figures were measured on. */
export function machineDescription(): Record<string, string | number | undefined> {
  let nats: string | undefined;
  try {
    nats = firstLine(findNatsServer(), ['--version']);
  } catch {
    nats = undefined;
  }
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryMiB: Math.round(totalmem() / 1024 / 1024),
    node: process.version,
    natsServer: nats,
    ngircd: firstLine(NGIRCD_BINARY, ['--version']),
    inspircd: firstLine(INSPIRCD_BINARY, ['--version']),
  };
}
