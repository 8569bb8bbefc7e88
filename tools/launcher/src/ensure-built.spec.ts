import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// tools/ensure-built.js is plain CommonJS at the repository root's tools/ because it must run
// before anything is built; the launcher, which it builds, owns its tests.
const ENSURE_BUILT = join(__dirname, '..', '..', 'ensure-built.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staleReason } = require(ENSURE_BUILT) as { staleReason: (root: string) => string | undefined };

const OUTPUTS = ['dist/apps/gateway/main.js', 'dist/apps/state/main.js', 'dist/apps/portal/main.js', 'dist/tools/launcher/main.js', 'dist/tools/launcher/host.js', 'dist/tools/bench/main.js'];

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'ensure-built-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Creates `file` under the scratch root with the given modification time (seconds). */
function touch(file: string, seconds: number): void {
  const full = join(root, file);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, '');
  utimesSync(full, seconds, seconds);
}

function builtTreeAt(seconds: number): void {
  touch('libs/protocol/src/message.ts', 1000);
  touch('tools/launcher/src/host.ts', 1000);
  for (const output of OUTPUTS) touch(output, seconds);
}

describe('ensure-built staleReason', () => {
  it('asks for a build when an output is missing', () => {
    builtTreeAt(2000);
    rmSync(join(root, 'dist/tools/launcher/host.js'));
    expect(staleReason(root)).toBe('missing dist/tools/launcher/host.js');
  });

  it('skips the build when every output is newer than every source', () => {
    builtTreeAt(2000);
    expect(staleReason(root)).toBeUndefined();
  });

  it('asks for a build when a source under libs/ changed after the oldest output', () => {
    builtTreeAt(2000);
    touch('dist/apps/state/main.js', 1500);
    touch('libs/config/src/schema.ts', 1800);
    expect(staleReason(root)).toBe('sources changed since the last build');
  });

  it('ignores specs and test folders, which no bundle contains', () => {
    builtTreeAt(2000);
    touch('apps/state/src/engine/engine.spec.ts', 3000);
    touch('apps/gateway/test/raw.ts', 3000);
    expect(staleReason(root)).toBeUndefined();
  });

  it('trusts the stamp of a build whose outputs Nx left untouched (cache hit)', () => {
    builtTreeAt(2000);
    touch('libs/protocol/src/message.ts', 2500);
    touch('dist/.ensure-built', 3000);
    expect(staleReason(root)).toBeUndefined();
  });
});
