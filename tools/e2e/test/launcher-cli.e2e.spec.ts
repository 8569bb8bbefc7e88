import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// The built launcher's command lines: `--help` answers with the usage, a bad flag with one line
// and the usage, never a node stack trace. Nothing is started, so these take milliseconds.
const DIST = resolve(__dirname, '../../../dist/tools/launcher');

function run(script: 'main.js' | 'host.js' | 'ctl.js', args: string[]) {
  const result = spawnSync(process.execPath, [resolve(DIST, script), ...args], { encoding: 'utf8', timeout: 10_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.each([
  ['main.js', 'usage: npm start'],
  ['host.js', 'usage: npm run host'],
  ['ctl.js', 'usage: npm run ctl'],
] as const)('dist/tools/launcher/%s', (script, usage) => {
  it.each([['--help'], ['-h']])('prints the usage on stdout and exits 0 for %s', (flag) => {
    const { status, stdout, stderr } = run(script, [flag]);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout.startsWith(usage)).toBe(true);
  });

  it('prints a one-line error and the usage on stderr and exits 2 for an unknown flag', () => {
    const { status, stdout, stderr } = run(script, ['--bogus']);
    expect({ status, stdout }).toEqual({ status: 2, stdout: '' });
    const [message, blank, first] = stderr.split('\n');
    expect(message).toMatch(/^error: Unknown option '--bogus'/);
    expect(blank).toBe('');
    expect(first?.startsWith(usage)).toBe(true);
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
