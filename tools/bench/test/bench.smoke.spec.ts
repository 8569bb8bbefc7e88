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

/** The value at `path` inside parsed JSON, undefined where the path leaves it. */
function at(json: unknown, ...path: Array<string | number>): unknown {
  let value = json;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = Reflect.get(value, key);
  }
  return value;
}

// jest types its asymmetric matchers as `any`; held as `unknown` they still match, without spreading `any`.
const aNumber: unknown = expect.any(Number);
const aBoolean: unknown = expect.any(Boolean);
const anArray: unknown = expect.any(Array);
const containing = (shape: Record<string, unknown>): unknown => expect.objectContaining(shape);

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

    const report: unknown = JSON.parse(readFileSync(jsonPath, 'utf8'));
    expect(report).toMatchObject({ quick: true, systems: ['portalchat'], errors: [] });
    const results = at(report, 'results');
    expect(typeof results === 'object' && results !== null ? Object.keys(results) : results).toEqual(SCENARIOS);
    const ours = (scenario: string, ...path: Array<string | number>) => at(results, scenario, 'portalchat', ...path);
    expect(ours('connect')).toEqual(containing({ registered: aNumber, timeMs: aNumber, kibPer1000: aNumber }));
    expect(ours('fanout', 0, 'phase')).toEqual(
      containing({
        deliveriesPerSec: aNumber,
        loss: aNumber,
        cpuSPer1000: aNumber,
        latency: containing({ p99Ms: aNumber }),
      }),
    );
    expect(ours('private', 'sameServer')).toEqual(containing({ delivered: aNumber }));
    expect(ours('saturation')).toEqual(containing({ sustainedPerSec: aNumber, steps: anArray }));
    // The link floors are reported (met or not: a quick run on a shared machine does not fail on them).
    expect(ours('link')).toEqual(
      containing({
        burst: containing({ users: 1000, totalMs: aNumber }),
        events: containing({ count: 20_000, perSec: aNumber }),
        floors: [containing({ bound: 10_000, met: aBoolean }), containing({ bound: 5000, met: aBoolean })],
      }),
    );
    expect(run.stdout).toMatch(/- floor: events through one link ≥ 5,000 events\/s: [\d,]+ events\/s, (met|MISSED)/);
  });

  it('runs the scale-out scenario: one host with 1 gateway, then 2, clients spread over both', async () => {
    const jsonPath = join(dir, 'scaleout.json');
    const run = await runBench(
      ['--quick', '--systems', 'portalchat', '--scenarios', 'scaleout', '--json', jsonPath],
      80_000,
    );
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('| metric | 1 gateway | 2 gateways | 2 ÷ 1 |');
    const report: unknown = JSON.parse(readFileSync(jsonPath, 'utf8'));
    const runs = at(report, 'results', 'scaleout', 'portalchat', 'runs');
    const phase = containing({ loss: 0, delivered: aNumber, serverCpuByRole: containing({ gateway: aNumber }) });
    expect(runs).toEqual([
      containing({ gateways: 1, fanout: containing({ phase }) }),
      containing({ gateways: 2, fanout: containing({ phase }) }),
    ]);
  });
});
