import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const BENCH = join(ROOT, 'dist', 'tools', 'bench', 'main.js');
const SCENARIOS = ['connect', 'memory', 'fanout', 'private', 'saturation', 'link'];

/** Runs the built benchmark; resolves with its exit code and output (killed after `timeoutMs`). */
function runBench(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BENCH, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// It asserts only that the benchmark runs and reports, never a timing.
describe('npm run bench -- --quick', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the quick scenarios against Portalchat and reports a table and JSON per scenario', async () => {
    expect(existsSync(BENCH)).toBe(true);
    const jsonPath = join(dir, 'out.json');
    const run = await runBench(
      ['--quick', '--systems', 'portalchat', '--scenarios', SCENARIOS.join(','), '--json', jsonPath],
      80_000,
    );
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });

    for (const title of [
      '### connect',
      '### idle memory',
      '### channel fan-out',
      '### private messages',
      '### saturation',
      '### portal link',
    ]) {
      expect(run.stdout).toContain(title);
    }
    expect(run.stdout).toContain('| metric | portalchat | ours ÷ best peer |');

    const report = JSON.parse(readFileSync(jsonPath, 'utf8'));
    expect(report).toMatchObject({ quick: true, systems: ['portalchat'], errors: [] });
    expect(Object.keys(report.results)).toEqual(SCENARIOS);
    const ours = (scenario: string) => report.results[scenario].portalchat;
    expect(ours('connect')).toEqual(
      expect.objectContaining({
        registered: expect.any(Number),
        timeMs: expect.any(Number),
        kibPer1000: expect.any(Number),
      }),
    );
    expect(ours('fanout')[0].phase).toEqual(
      expect.objectContaining({
        deliveriesPerSec: expect.any(Number),
        loss: expect.any(Number),
        cpuSPer1000: expect.any(Number),
        latency: expect.objectContaining({ p99Ms: expect.any(Number) }),
      }),
    );
    expect(ours('private').sameServer).toEqual(expect.objectContaining({ delivered: expect.any(Number) }));
    expect(ours('saturation')).toEqual(
      expect.objectContaining({ sustainedPerSec: expect.any(Number), steps: expect.any(Array) }),
    );
    // The link floors are reported (met or not: a quick run on a shared machine does not fail on them).
    expect(ours('link')).toEqual(
      expect.objectContaining({
        burst: expect.objectContaining({ users: 1000, totalMs: expect.any(Number) }),
        events: expect.objectContaining({ count: 20_000, perSec: expect.any(Number) }),
        floors: [
          expect.objectContaining({ bound: 10_000, met: expect.any(Boolean) }),
          expect.objectContaining({ bound: 5000, met: expect.any(Boolean) }),
        ],
      }),
    );
    expect(run.stdout).toMatch(/- floor: events through one link ≥ 5,000 events\/s: [\d,]+ events\/s, (met|MISSED)/);
  });
});
