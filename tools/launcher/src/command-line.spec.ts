import { parseFlags, readCommandLine, UsageError, type CommandLineIo } from './command-line';

/** Stands in for process.exit: ends readCommandLine the way exiting would. */
class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function recordingIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandLineIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    exit: (code) => {
      throw new Exit(code);
    },
  };
  return { io, out, err };
}

const USAGE = 'usage: thing [--verbose]';
const parse = (argv: readonly string[]) => {
  const { values } = parseFlags({
    args: [...argv],
    options: { verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  return { verbose: values.verbose ?? false, help: values.help ?? false };
};

describe('readCommandLine', () => {
  it('returns the parsed arguments and prints nothing when they are usable', () => {
    const { io, out, err } = recordingIo();
    expect(readCommandLine(['--verbose'], parse, USAGE, io)).toEqual({ verbose: true, help: false });
    expect([...out, ...err]).toEqual([]);
  });

  it.each([['--help'], ['-h']])('prints the usage on stdout and exits 0 for %s', (flag) => {
    const { io, out, err } = recordingIo();
    expect(() => readCommandLine([flag], parse, USAGE, io)).toThrow(new Exit(0));
    expect(out).toEqual([USAGE]);
    expect(err).toEqual([]);
  });

  it('prints a one-line error and the usage on stderr and exits 2 for an unknown flag', () => {
    const { io, out, err } = recordingIo();
    expect(() => readCommandLine(['--bogus'], parse, USAGE, io)).toThrow(new Exit(2));
    expect(out).toEqual([]);
    const [message, blank, ...usage] = (err[0] ?? '').split('\n');
    expect(message).toMatch(/^error: Unknown option '--bogus'/);
    expect(blank).toBe('');
    expect(usage.join('\n')).toBe(USAGE);
  });

  it('treats a UsageError from the parser like an unknown flag', () => {
    const { io, err } = recordingIo();
    const picky = () => {
      throw new UsageError('--name is required');
    };
    expect(() => readCommandLine([], picky, USAGE, io)).toThrow(new Exit(2));
    expect(err).toEqual([`error: --name is required\n\n${USAGE}`]);
  });

  it('lets any other error through', () => {
    const { io } = recordingIo();
    const broken = () => {
      throw new TypeError('a bug');
    };
    expect(() => readCommandLine([], broken, USAGE, io)).toThrow(TypeError);
  });
});

describe('parseFlags', () => {
  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['stray'], "Unexpected argument 'stray'"],
  ])('turns parseArgs complaints about %j into a UsageError', (argv, message) => {
    const run = () => parse(argv);
    expect(run).toThrow(UsageError);
    expect(run).toThrow(message);
  });
});
