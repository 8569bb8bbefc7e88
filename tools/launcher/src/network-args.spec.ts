import { UsageError } from './command-line';
import { NETWORK_USAGE, parseNetworkArgs } from './network-args';

describe('parseNetworkArgs', () => {
  it('runs the reference network when no host file is named', () => {
    expect(parseNetworkArgs([])).toEqual({ configPaths: [], jsonLogs: false, check: false, help: false });
  });

  it('takes host files in the order given, and --json-logs anywhere', () => {
    expect(parseNetworkArgs(['a.yaml', '--json-logs', 'b.yaml'])).toEqual({
      configPaths: ['a.yaml', 'b.yaml'],
      jsonLogs: true,
      check: false,
      help: false,
    });
  });

  it('reads --check, with or without host files', () => {
    expect(parseNetworkArgs(['--check']).check).toBe(true);
    expect(parseNetworkArgs(['--check', 'a.yaml', 'b.yaml'])).toMatchObject({
      configPaths: ['a.yaml', 'b.yaml'],
      check: true,
    });
  });

  it.each([['--help'], ['-h']])('asks for the usage with %s', (flag) => {
    expect(parseNetworkArgs([flag]).help).toBe(true);
  });

  it('rejects an unknown flag with a UsageError', () => {
    const run = () => parseNetworkArgs(['--jsonlogs']);
    expect(run).toThrow(UsageError);
    expect(run).toThrow("Unknown option '--jsonlogs'");
  });

  it('documents every flag it accepts', () => {
    for (const flag of ['--json-logs', '--check', '-h, --help']) expect(NETWORK_USAGE).toContain(flag);
  });
});
