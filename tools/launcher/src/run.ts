/**
 * `node --max-semi-space-size=8 dist/tools/launcher/run.js <service> --config <host file>`: runs
 * ONE process of a host in the foreground, for a service manager that supervises each process
 * on its own: the systemd units in deploy/systemd, one container per service from the Dockerfile.
 *
 * - `state`, `portal`, `gateway`: the built service itself, inside this process (so the node
 *   flags given to run.js apply to it); `--log-level` and `--gateway-id` pass through.
 * - `nats`: this host's nats-server exactly as the host process would start it (address and
 *   port from nats.url, JetStream in <dataDir>/nats, GOMAXPROCS=1 unless set), with its output on
 *   ours; SIGTERM, SIGINT and SIGHUP are passed on and its exit status becomes ours.
 *
 * Exits 2 on a bad command line or host file, like the services.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadHostConfig } from '@portalchat/config';
import {
  findNatsServer,
  HOST_SERVICES,
  NATS_PROCESS,
  natsServerArgs,
  natsServerEnv,
  prepareNatsAuth,
} from '@portalchat/hosting';
import { parseFlags, UsageError } from './command-line';

const DIST_DIR = resolve(__dirname, '..', '..');
const PROCESSES = [NATS_PROCESS, ...HOST_SERVICES.map((s) => s.name)];
const USAGE = `usage: node dist/tools/launcher/run.js <${PROCESSES.join('|')}> --config <host file> [--log-level <level>] [--gateway-id <id>]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function runNats(configPath: string): void {
  let config;
  try {
    config = loadHostConfig(configPath);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const url = new URL(config.nats.url);
  const storeDir = join(config.dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const configFile = prepareNatsAuth(config);
  const args = natsServerArgs({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || 4222),
    jetstream: true,
    storeDir,
    ...(configFile ? { configFile } : {}),
  });
  const child = spawn(findNatsServer(), args, { stdio: 'inherit', env: natsServerEnv() });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.once('error', (err) => {
    process.stderr.write(`nats-server failed to start: ${err.message}\n`);
    process.exit(1);
  });
  // A shell reports death by signal N as 128 + N; systemd and docker read it the same way.
  child.once('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
}

function main(): void {
  let parsed;
  try {
    parsed = parseFlags({
      options: { config: { type: 'string' }, 'log-level': { type: 'string' }, 'gateway-id': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    if (err instanceof UsageError) fail(err.message);
    throw err;
  }
  const { values, positionals } = parsed;
  const [name, ...extra] = positionals;
  if (name === undefined || !PROCESSES.includes(name) || extra.length > 0)
    fail(`which process to run? one of ${PROCESSES.join(', ')}`);
  if (values.config === undefined) fail('missing --config <host file>');
  if (name === NATS_PROCESS) return runNats(values.config);

  const spec = HOST_SERVICES.find((s) => s.name === name);
  if (spec === undefined) fail(`which process to run? one of ${PROCESSES.join(', ')}`);
  const entry = join(DIST_DIR, spec.entry);
  const passed = Object.entries(values).flatMap(([flag, value]) =>
    value === undefined ? [] : [`--${flag}`, String(value)],
  );
  // The service reads its command line from process.argv, as if started as `node <entry> …`.
  process.argv = [process.execPath, entry, ...passed];
  createRequire(__filename)(entry);
}

main();
