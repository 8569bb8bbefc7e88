/**
 * `npm run host`: one host, supervised (see USAGE in host-args.ts).
 *
 * - `--config host.yaml`: the host that file describes, every field honoured (a production host:
 *   its data directory, ports and log settings persist); flags override only what they name.
 *   `--check` validates the file and starts nothing.
 * - no `--config` (`--name`, `--listen`): a throwaway host for operators and outside test
 *   harnesses: NATS, health and control on free ports, data in a temporary directory removed on exit.
 *
 * A crashed service is restarted (libs/hosting's supervision); the host runs until SIGINT/SIGTERM.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadHostConfig, type HostConfig } from '@portalchat/config';
import { OutputMode, startHost, type RunningHost } from '@portalchat/hosting';
import { startControl, type RunningControl } from './control';
import { websocketUrls } from './connect-info';
import { readCommandLine, UsageError } from './command-line';
import { maskedCommandLine, parseHostArgs, parseOperatorFile, USAGE, type HostArgs } from './host-args';
import { hostLogger } from './host-log';
import { flagOverrides, throwawayOverrides } from './host-overrides';
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

function readyLine(host: RunningHost, control: RunningControl): string {
  const { server, listen } = host.config;
  const irc = listen.irc.map((l) => `${l.host}:${l.port}`).join(',');
  const websocket = listen.websocket.length > 0 ? ` websocket ${websocketUrls(host.config).join(',')}` : '';
  const health = Object.entries(host.health)
    .map(([name, url]) => `${name}=${url}`)
    .join(' ');
  return `Portalchat host ${server.name} ready: irc ${irc}${websocket} nats ${host.nats.url} health ${health} control ${control.url} data ${host.config.dataDir}`;
}

/** `--check`: the file with the flags applied, validated; nothing starts. */
function check(args: HostArgs, configPath: string): never {
  try {
    const file = loadHostConfig(configPath);
    loadHostConfig(configPath, flagOverrides(args, file), { checkFiles: true });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
  console.log(`${configPath}: OK`);
  process.exit(0);
}

/** `--oper-file`'s accounts added to the command line's, or exit 2 naming the file and line. */
function withOperatorFile(args: HostArgs): HostArgs {
  if (args.operatorFile === undefined) return args;
  try {
    return {
      ...args,
      operators: [...args.operators, ...parseOperatorFile(readFileSync(args.operatorFile, 'utf8'), args.operatorFile)],
    };
  } catch (err) {
    console.error(err instanceof UsageError ? err.message : `--oper-file: ${(err as Error).message}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  // First of all: `ps` must not show an --oper password for longer than it takes to get here.
  process.title = maskedCommandLine(process.argv);
  const args = withOperatorFile(readCommandLine(process.argv.slice(2), parseHostArgs, USAGE));
  // parseHostArgs refuses --check without --config.
  if (args.check && args.configPath !== undefined) check(args, args.configPath);

  // Only the throwaway host has a scratch directory; a host from a file keeps its dataDir.
  const scratchDir = args.configPath === undefined ? mkdtempSync(join(tmpdir(), 'portalchat-host-')) : undefined;
  let { log, logger } = hostLogger({ prefix: 'host', write: (line) => console.error(line), json: args.jsonLogs });
  let host: RunningHost | undefined;
  let control: RunningControl | undefined;
  const shutdown = installShutdown(
    async () => {
      await host?.stop();
      await control?.stop();
      if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
    },
    (message) => log(message),
    // A host is a daemon: SIGHUP reloads the host file, as for InspIRCd or nginx (the outcome is logged).
    () => {
      if (host) void host.reload('SIGHUP');
      else log('SIGHUP before the host is up: nothing to reload yet');
    },
  );

  try {
    // A file given, or (the throwaway host) the built-in one written to the scratch directory.
    const configPath = scratchDir === undefined ? args.configPath : writeDefaultConfig(scratchDir, args);
    if (configPath === undefined) throw new Error('no host file: neither --config nor a scratch directory');
    const file = loadHostConfig(configPath);
    const overrides =
      scratchDir === undefined ? flagOverrides(args, file) : await throwawayOverrides(args, file, scratchDir);
    const config: HostConfig = loadHostConfig(configPath, overrides);
    ({ log, logger } = hostLogger({
      prefix: 'host',
      write: (line) => console.error(line),
      json: args.jsonLogs,
      config,
    }));
    control = await startControl(config, () => host, logger);
    host = await startHost({
      configPath,
      overrides,
      distDir: DIST_DIR,
      log,
      output: args.jsonLogs ? OutputMode.Json : OutputMode.Pretty,
    });
  } catch (err) {
    return shutdown(`could not start:\n${err instanceof Error ? err.message : String(err)}`, 1);
  }

  const line = readyLine(host, control);
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
          control: control.url,
        })
      : line,
  );
}

void main();
