import { parseFlags } from './command-line';

export const NETWORK_USAGE = `usage: npm start [-- [--json-logs] [--check] [<host file> ...]]

Runs a Portalchat network on loopback until Ctrl-C: the hosts of the given host files, or of the
reference network (config/chatsrv3.yaml, chatsrv1.yaml, chatsrv2.yaml). The files are checked
together first, then started in the order given; LINKS is asked on the first one named. A
service that crashes is restarted by its host; each host opens its control endpoint
(listen.control) for npm run ctl.

  --json-logs               print the services' JSON log lines unchanged
  --check                   only validate the files and the network they form, print OK for
                            each, exit 0 (or each problem, exit 1); starts nothing
  -h, --help                show this text`;

export interface NetworkArgs {
  /** The host files as given (none: the reference network). */
  configPaths: string[];
  jsonLogs: boolean;
  /** Validate only (`--check`): the files and the network they form. */
  check: boolean;
  help: boolean;
}

/** Parses `npm start`'s flags. Throws UsageError on anything it cannot use. */
export function parseNetworkArgs(argv: readonly string[]): NetworkArgs {
  const { values, positionals } = parseFlags({
    args: [...argv],
    options: {
      'json-logs': { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  return {
    configPaths: positionals,
    jsonLogs: values['json-logs'] ?? false,
    check: values.check ?? false,
    help: values.help ?? false,
  };
}
