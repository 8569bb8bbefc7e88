#!/usr/bin/env node
// The README's test command. First the repository-wide checks: the format check (Prettier), import
// cycles (dpdm, type-only imports included) and ESLint over the whole tree, one check per project;
// then every project's typecheck and jest suite through Nx (no cache, so every test is counted).
// Prints one plain `N passed, N failed, N skipped` line for CI, where each check counts as one test.
// Extra arguments go to nx (e.g. `npm test -- --projects=protocol`); the checks always cover the whole tree.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const countsFile = path.join(root, 'tmp', 'test-counts.jsonl');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: process.env.CI ?? 'true' };
Object.assign(process.env, env); // ESLint runs in this process and builds Nx's project graph here

/** Runs a command from the repository root with the output shown; true when it exits 0. */
function run(command, args) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', env }).status === 0;
}

/** The project a file belongs to (apps/state, libs/protocol, …), or the root for files outside them. */
function projectOf(file) {
  const parts = path.relative(root, file).split(path.sep);
  return ['apps', 'libs', 'tools'].includes(parts[0]) && parts.length > 2 ? `${parts[0]}/${parts[1]}` : '(root files)';
}

/** ESLint over the tree in one process (about 3x faster than one process per project): one check per project. */
async function lintChecks() {
  const { ESLint } = require('eslint');
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(['.']);
  process.stdout.write(await (await eslint.loadFormatter('stylish')).format(results));
  const errors = new Map();
  for (const r of results) {
    const project = projectOf(r.filePath);
    errors.set(project, (errors.get(project) ?? 0) + r.errorCount + r.fatalErrorCount);
  }
  return [...errors]
    .sort()
    .map(([project, n]) => ({ name: `lint ${project}${n ? ` (${n} errors)` : ''}`, ok: n === 0 }));
}

async function main() {
  fs.rmSync(countsFile, { force: true });
  const checks = [
    { name: 'format (prettier --check)', ok: run('npx', ['prettier', '--check', '.']) },
    { name: 'import cycles (npm run lint:cycles)', ok: run('npm', ['run', '--silent', 'lint:cycles']) },
    ...(await lintChecks().catch((err) => {
      console.error(err);
      return [{ name: 'lint (ESLint could not run)', ok: false }];
    })),
  ];

  const nxArgs = ['nx', 'run-many', '-t', 'typecheck,test', '--skip-nx-cache', '--outputStyle=static', '--parallel=1'];
  const nxOk = run('npx', [...nxArgs, ...process.argv.slice(2)]);

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  if (fs.existsSync(countsFile)) {
    for (const line of fs.readFileSync(countsFile, 'utf8').split('\n').filter(Boolean)) {
      const r = JSON.parse(line);
      passed += r.passed;
      failed += r.failed;
      skipped += r.skipped;
      failures.push(...(r.failures ?? []).map((f) => `${path.relative(root, r.project) || '.'}/${f}`));
    }
  }
  for (const f of failures) console.log(`FAIL ${f}`);
  for (const c of checks) console.log(`${c.ok ? 'PASS' : 'FAIL'} ${c.name}`);
  // A run that fails outside jest (a typecheck, a build, a crashed worker) still counts as a failure.
  if (!nxOk && failed === 0) failed = 1;
  passed += checks.filter((c) => c.ok).length;
  failed += checks.filter((c) => !c.ok).length;
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(nxOk && failed === 0 && passed > 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
});
