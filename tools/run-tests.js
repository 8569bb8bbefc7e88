#!/usr/bin/env node
// The README's test command: typechecks every project and runs its jest suite through Nx (no cache, so every
// test is counted), then prints one plain `N passed, N failed, N skipped` line for CI.
// Extra arguments go to nx (e.g. `npm test -- --projects=protocol`).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const countsFile = path.join(root, 'tmp', 'test-counts.jsonl');
fs.rmSync(countsFile, { force: true });

const args = ['nx', 'run-many', '-t', 'typecheck,test', '--skip-nx-cache', '--outputStyle=static', '--parallel=1', ...process.argv.slice(2)];
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: process.env.CI ?? 'true' };
const run = spawnSync('npx', args, { cwd: root, stdio: 'inherit', env });

let passed = 0, failed = 0, skipped = 0;
if (fs.existsSync(countsFile)) {
  for (const line of fs.readFileSync(countsFile, 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(line);
    passed += r.passed; failed += r.failed; skipped += r.skipped;
  }
}
// A run that fails outside jest (a build, a crashed worker) still counts as a failure.
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
