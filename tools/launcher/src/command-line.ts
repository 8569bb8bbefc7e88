/**
 * What the launcher's commands (`npm start`, `npm run host`) share on their command line:
 * `--help`/`-h` prints the usage and exits 0; a flag they cannot use prints a one-line error and
 * the usage and exits 2 (node's parseArgs alone would crash with a stack trace instead).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The command line was unusable: print the message and the usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * node's parseArgs (strict unless `config` says otherwise), with its complaints (unknown flag,
 * missing value, unexpected positional) as UsageError.
 */
export function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    // Not `instanceof Error`: under jest, node's own errors come from another realm.
    throw new UsageError(
      typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err),
    );
  }
}

/** Where the command line's answers go; tests swap it. `exit` does not return. */
export interface CommandLineIo {
  out(text: string): void;
  err(text: string): void;
  exit(code: number): never;
}

const processIo: CommandLineIo = {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  exit: (code) => process.exit(code),
};

/**
 * The arguments `parse` makes of `argv`, or the end of the process: exit 0 after the usage for
 * `help`, exit 2 after the message and the usage for a UsageError. Other errors propagate.
 */
export function readCommandLine<T extends { help: boolean }>(
  argv: readonly string[],
  parse: (argv: readonly string[]) => T,
  usage: string,
  io: CommandLineIo = processIo,
): T {
  let args: T;
  try {
    args = parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`error: ${err.message}\n\n${usage}`);
    return io.exit(2);
  }
  if (args.help) {
    io.out(usage);
    return io.exit(0);
  }
  return args;
}
