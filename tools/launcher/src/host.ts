/**
 * `npm run host -- --name irc.example.net --listen 127.0.0.1:16667 [options]`: one throwaway
 * host for operators and outside test harnesses (see USAGE in host-args.ts). Everything it needs
 * that was not given is picked so that several can run side by side: NATS and health on free
 * ports, data in a temporary directory that is removed on exit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hashPassword, loadHostConfig, type HostConfigOverrides } from '@portalchat/config';
import { freePort, OutputMode, startHost, type RunningHost } from '@portalchat/hosting';
import { readCommandLine } from './command-line';
import { firstIrcListener } from './connect-info';
import { parseHostArgs, USAGE, type HostArgs } from './host-args';
import { installShutdown } from './lifecycle';

const DIST_DIR = resolve(__dirname, '..', '..');
const DEFAULT_SERVER_ID = 1;
const DEFAULT_DESCRIPTION = 'Portalchat standalone host';

/** The built-in host file used without --config: only what the schema cannot default. */
function writeDefaultConfig(dir: string, args: HostArgs): string {
  const file = join(dir, 'standalone.yaml');
  const server = {
    name: args.name,
    id: args.serverId ?? DEFAULT_SERVER_ID,
    description: args.description ?? DEFAULT_DESCRIPTION,
  };
  writeFileSync(file, `server: ${JSON.stringify(server)}\nlisten: { irc: [${JSON.stringify(args.listen)}] }\n`);
  return file;
}

async function overridesFor(args: HostArgs, configPath: string, scratchDir: string): Promise<HostConfigOverrides> {
  const file = loadHostConfig(configPath);
  const host = args.listen?.host ?? firstIrcListener(file).host;
  const base = args.healthPortBase;
  const healthPort = async (offset: number) => ({
    host,
    port: base === undefined ? await freePort(host) : base + offset,
  });
  const operators = [
    ...file.operators,
    ...args.operators.map(({ name, password }) => ({
      name,
      passwordHash: hashPassword(password),
      level: 'admin' as const,
    })),
  ];
  return {
    server: { name: args.name, id: args.serverId, description: args.description },
    listen: {
      irc: args.listen ? [args.listen] : undefined,
      health: { gateway: await healthPort(0), state: await healthPort(1), portal: await healthPort(2) },
      // Without a file, keep the (future) portal listener off the well-known 6665 too.
      portal: args.configPath === undefined ? { host, port: await freePort(host) } : undefined,
    },
    nats: { url: args.natsUrl ?? `nats://${host.includes(':') ? `[${host}]` : host}:${await freePort(host)}` },
    dataDir: args.dataDir ?? join(scratchDir, 'data'),
    operators,
  };
}

function readyLine(host: RunningHost): string {
  const { server, listen } = host.config;
  const irc = listen.irc.map((l) => `${l.host}:${l.port}`).join(',');
  const health = Object.entries(host.health)
    .map(([name, url]) => `${name}=${url}`)
    .join(' ');
  return `Portalchat host ${server.name} ready: irc ${irc} nats ${host.nats.url} health ${health} data ${host.config.dataDir}`;
}

async function main(): Promise<void> {
  const args = readCommandLine(process.argv.slice(2), parseHostArgs, USAGE);

  const scratchDir = mkdtempSync(join(tmpdir(), 'portalchat-host-'));
  const log = (message: string) => console.error(`[host] ${message}`);
  let host: RunningHost | undefined;
  const shutdown = installShutdown(async () => {
    await host?.stop();
    rmSync(scratchDir, { recursive: true, force: true });
  }, log);

  try {
    const configPath = args.configPath ?? writeDefaultConfig(scratchDir, args);
    const output = args.jsonLogs ? OutputMode.Json : OutputMode.Pretty;
    host = await startHost({
      configPath,
      overrides: await overridesFor(args, configPath, scratchDir),
      distDir: DIST_DIR,
      log,
      output,
      onServiceExit: (service, exit) =>
        shutdown(`${service} exited unexpectedly (${exit.code !== null ? `code ${exit.code}` : exit.signal})`, 1),
    });
  } catch (err) {
    return shutdown(`could not start:\n${err instanceof Error ? err.message : String(err)}`, 1);
  }

  const line = readyLine(host);
  // With --json-logs every stdout line is JSON, so a harness can parse them all alike.
  console.log(
    args.jsonLogs
      ? JSON.stringify({
          level: 30,
          time: Date.now(),
          msg: line,
          ready: true,
          irc: host.config.listen.irc,
          nats: host.nats.url,
          health: host.health,
        })
      : line,
  );
}

void main();
