import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadHostConfig, type HostConfig } from '@portalchat/config';
import type { SupervisorStatus } from '@portalchat/hosting';
import { controlFilePath } from './control-file';
import { parseFlags, UsageError } from './command-line';

export const CTL_USAGE = `usage: npm run ctl -- status <host> [--config <file> | --data-dir <dir>]
       npm run ctl -- restart <host> <service> [--config <file> | --data-dir <dir>]
       npm run ctl -- reload <host> [--config <file> | --data-dir <dir>]

Talks to a running host (npm start, npm run host) through its control endpoint (listen.control).

  status <host>              each process of the host: pid, up or down, restarts so far, and the
                             pid of its warm spare (state, portal) when it has one
  restart <host> <service>   stop the service gracefully (SIGTERM), start it again (its warm
                             spare takes over, if it has one) and wait until it is ready;
                             <service> is state, portal, gateway, or nats when the host started
                             its own NATS server
  reload <host>              what SIGHUP to the host does: the gateway reads its TLS certificate
                             and key again (tls.cert, tls.key) for new clients; connected ones
                             stay. A bad new pair is refused and logged; the old one stays

<host> is the host's server name, e.g. Chatsrv1. ctl reads the host's control file
(<dataDir>/run/<host>.control.json: the endpoint and its token, readable only by the user that
runs the host) from the data directory the host file names:
  --config <file>      the host file (default: the one in config/*.yaml with that server name)
  --data-dir <dir>     the data directory itself (a throwaway host prints it in its ready line)
  -h, --help           show this text`;

export type CtlCommand =
  | { command: 'status'; host: string }
  | { command: 'reload'; host: string }
  | { command: 'restart'; host: string; service: string };

export interface CtlArgs {
  command?: CtlCommand;
  configPath?: string;
  dataDir?: string;
  help: boolean;
}

export function parseCtlArgs(argv: readonly string[]): CtlArgs {
  const { values, positionals } = parseFlags({
    args: [...argv],
    options: {
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const base = { configPath: values.config, dataDir: values['data-dir'], help: values.help ?? false };
  if (base.help) return base;
  if (base.configPath !== undefined && base.dataDir !== undefined)
    throw new UsageError('give --config or --data-dir, not both');
  const [command, host, service, ...rest] = positionals;
  if ((command === 'status' || command === 'reload') && host !== undefined && service === undefined)
    return { ...base, command: { command, host } };
  if (command === 'restart' && host !== undefined && service !== undefined && rest.length === 0)
    return { ...base, command: { command, host, service } };
  if (command !== 'status' && command !== 'restart' && command !== 'reload')
    throw new UsageError(command === undefined ? 'no command given' : `unknown command "${command}"`);
  throw new UsageError(
    command === 'restart' ? 'restart takes a host name and a service name' : `${command} takes one host name`,
  );
}

/**
 * The control file of `host`: under `--data-dir`, or under the dataDir of the host file
 * (`--config`, else the file in `configDir` whose server name is `host`, compared case-insensitively).
 */
export function controlFileOf(host: string, args: Pick<CtlArgs, 'configPath' | 'dataDir'>, configDir: string): string {
  if (args.dataDir !== undefined) return join(args.dataDir, 'run', `${host}.control.json`);
  const same = (config: HostConfig) => config.server.name.toLowerCase() === host.toLowerCase();
  if (args.configPath !== undefined) {
    const config = loadHostConfig(args.configPath);
    if (!same(config)) throw new UsageError(`${args.configPath} describes ${config.server.name}, not ${host}`);
    return controlFilePath(config);
  }
  const candidates = readdirSync(configDir).filter((f) => /\.ya?ml$/.test(f));
  for (const file of candidates) {
    let config: HostConfig;
    try {
      config = loadHostConfig(join(configDir, file));
    } catch {
      continue; // not a host file, or a broken one: it cannot be the running host's
    }
    if (same(config)) return controlFilePath(config);
  }
  throw new UsageError(
    `no host file in ${configDir} has server name ${host}: give --config <file> or --data-dir <dir>`,
  );
}

function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/**
 * One line per process:
 * `  state    pid 4242  up 5 min 3 s  spare pid 4250  restarts: 1 after a crash, 0 on request`
 * (a spare that is still loading shows `spare pid 4250 starting`).
 */
export function formatStatus(
  server: string,
  url: string,
  services: readonly SupervisorStatus[],
  now = Date.now(),
): string[] {
  const width = Math.max(...services.map((s) => s.name.length), 7);
  return [
    `${server} (control ${url})`,
    ...services.map((s) => {
      const state =
        s.running && s.pid !== undefined
          ? `pid ${s.pid}  up ${duration(now - (s.startedAt ?? now))}`
          : 'down, restart pending';
      const lastExit = s.lastExit
        ? `; last exit: ${s.lastExit.code !== null ? `code ${s.lastExit.code}` : `signal ${s.lastExit.signal}`}`
        : '';
      const loop = s.crashLoop ? '  CRASH LOOP' : '';
      const spare = s.spare ? `  spare pid ${s.spare.pid}${s.spare.warm ? '' : ' starting'}` : '';
      return `  ${s.name.padEnd(width)}  ${state}${spare}  restarts: ${s.restarts.crash} after a crash, ${s.restarts.operator} on request${lastExit}${loop}`;
    }),
  ];
}
