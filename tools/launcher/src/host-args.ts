import { parseFlags, UsageError } from './command-line';

export const USAGE = `usage: npm run host -- --name <server name> --listen <host:port> [options]
       npm run host -- --config <host file> [options]

Without --config: runs one throwaway Portalchat host (its own NATS, state, portal and gateway;
free ports, data in a temporary directory) until SIGINT/SIGTERM. With --config: runs the host
the file describes, honouring every field of it (ports, dataDir, NATS URL, log); the flags below
override only what they name. Crashed services are restarted; the host keeps running.

  --name <name>             server name, e.g. irc.example.net (required without --config)
  --listen <host:port>      IRC listener, e.g. 127.0.0.1:16667 (required without --config)
  --config <file>           run the host this file describes
  --check                   only validate the file (with the flags), print OK or each problem,
                            exit 0 or 1; starts nothing
  --server-id <n>           server ID 1-4095 (default 1, or the file's)
  --description <text>      server description shown by LINKS and WHOIS
  --data-dir <dir>          keep data here (default: the file's dataDir; without --config, a
                            temporary directory removed on exit)
  --oper-file <file>        add the operator accounts of a file, one "name:password" a line
                            (# starts a comment): the passwords stay out of ps
  --oper <name:password>    add an operator account (repeatable); this process shows it as
                            name:*** in ps, but a parent such as npm shows it whole: prefer
                            --oper-file
  --nats-url <url>          this host's NATS (default: the file's nats.url; without --config, a
                            new one on a free port)
  --health-port-base <n>    health ports n (gateway), n+1 (state), n+2 (portal) (default: the
                            file's; without --config, free ports)
  --json-logs               print the services' JSON log lines unchanged
  -h, --help                show this text`;

export interface HostArgs {
  name?: string;
  listen?: { host: string; port: number };
  configPath?: string;
  serverId?: number;
  description?: string;
  dataDir?: string;
  operators: Array<{ name: string; password: string }>;
  /** `--oper-file`: read by the caller (parseOperatorFile), added to `operators`. */
  operatorFile?: string;
  natsUrl?: string;
  healthPortBase?: number;
  jsonLogs: boolean;
  /** Validate only (`--check`, like ngIRCd's --configtest). */
  check: boolean;
  help: boolean;
}

function integerFlag(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new UsageError(`--${flag} must be an integer ${min}-${max}, got "${value}"`);
  return n;
}

/** `127.0.0.1:6667` or `[::1]:6667`. */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d+)$/.exec(value);
  if (!match) throw new UsageError(`--listen must look like 127.0.0.1:6667, got "${value}"`);
  const [, bracketed, plain, portText] = match;
  const host = bracketed ?? plain;
  const port = integerFlag('listen port', portText, 1, 65535);
  // The pattern always captures a port, and exactly one of the two host forms.
  if (host === undefined || port === undefined)
    throw new UsageError(`--listen must look like 127.0.0.1:6667, got "${value}"`);
  return { host, port };
}

function splitOperator(value: string): { name: string; password: string } | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) return undefined;
  return { name: value.slice(0, colon), password: value.slice(colon + 1) };
}

function parseOperator(value: string): { name: string; password: string } {
  const operator = splitOperator(value);
  // The value is not repeated: it may be a password typed without its name.
  if (!operator) throw new UsageError('--oper must look like name:password');
  return operator;
}

/** The accounts of an `--oper-file`: one `name:password` a line; blank lines and `#` comments skipped. */
export function parseOperatorFile(text: string, file: string): Array<{ name: string; password: string }> {
  return text.split(/\r?\n/).flatMap((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return [];
    const operator = splitOperator(line);
    if (!operator) throw new UsageError(`${file}: line ${i + 1}: expected name:password`);
    return [operator];
  });
}

/**
 * The command line as `ps` should show it: every `--oper name:password` as `--oper name:***`.
 * Set as the process title at start, it replaces what /proc/<pid>/cmdline shows on Linux.
 */
export function maskedCommandLine(argv: readonly string[]): string {
  const masked = argv.map((arg, i) => {
    if (argv[i - 1] === '--oper') return arg.replace(/:.*/s, ':***');
    return arg.startsWith('--oper=') ? arg.replace(/^(--oper=[^:]*):.*/s, '$1:***') : arg;
  });
  return masked.join(' ');
}

/** Parses the standalone host's flags. Throws UsageError on anything it cannot use. */
export function parseHostArgs(argv: readonly string[]): HostArgs {
  const { values } = parseFlags({
    args: [...argv],
    options: {
      name: { type: 'string' },
      listen: { type: 'string' },
      config: { type: 'string' },
      'server-id': { type: 'string' },
      description: { type: 'string' },
      'data-dir': { type: 'string' },
      oper: { type: 'string', multiple: true },
      'oper-file': { type: 'string' },
      'nats-url': { type: 'string' },
      'health-port-base': { type: 'string' },
      'json-logs': { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const args: HostArgs = {
    name: values.name,
    listen: values.listen === undefined ? undefined : parseListen(values.listen),
    configPath: values.config,
    serverId: integerFlag('server-id', values['server-id'], 1, 4095),
    description: values.description,
    dataDir: values['data-dir'],
    operators: (values.oper ?? []).map(parseOperator),
    ...(values['oper-file'] === undefined ? {} : { operatorFile: values['oper-file'] }),
    natsUrl: values['nats-url'],
    // Three consecutive ports must fit below 65536.
    healthPortBase: integerFlag('health-port-base', values['health-port-base'], 1, 65533),
    jsonLogs: values['json-logs'] ?? false,
    check: values.check ?? false,
    help: values.help ?? false,
  };
  if (args.check && args.configPath === undefined) throw new UsageError('--check needs a --config file to check');
  if (!args.help && args.configPath === undefined) {
    if (args.name === undefined) throw new UsageError('--name is required (or give a --config file)');
    if (args.listen === undefined) throw new UsageError('--listen is required (or give a --config file)');
  }
  return args;
}
