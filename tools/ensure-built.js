#!/usr/bin/env node
// Builds the services and the launcher only when needed, so `npm start` / `npm run host` start in
// about a second when nothing changed (an Nx run alone costs ~2 s). "Needed" means: an output is
// missing, or a source file under apps/, libs/, tools/launcher/ or tools/bench/ (or a root build config) is newer
// than the last build. Specs and test/ folders do not count: they are not in any bundle.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const PROJECTS = ['gateway', 'state', 'portal', 'launcher', 'bench'];
const OUTPUTS = [
  'dist/apps/gateway/main.js',
  'dist/apps/state/main.js',
  'dist/apps/portal/main.js',
  'dist/tools/launcher/main.js',
  'dist/tools/launcher/host.js',
  'dist/tools/bench/main.js',
];
const SOURCE_DIRS = ['apps', 'libs', 'tools/launcher', 'tools/bench'];
const ROOT_INPUTS = ['tsconfig.base.json', 'package.json', 'nx.json'];
// Written after each build here: Nx leaves outputs untouched when it restores an identical build
// from its cache, so the outputs' own times would keep looking stale.
const STAMP = path.join('dist', '.ensure-built');

const SKIP_DIRS = new Set(['node_modules', 'test', 'dist', 'coverage', '.nx']);
const isBuildInput = (name) => /\.(ts|js|json)$/.test(name) && !/\.spec\.ts$/.test(name) && name !== 'jest.config.js';

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The newest modification time of any build input under `dir` (bounded by the tree's size). */
function newestInput(dir) {
  let newest = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop();
    let entries;
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) pending.push(full);
      } else if (isBuildInput(entry.name)) {
        newest = Math.max(newest, mtime(full) ?? 0);
      }
    }
  }
  return newest;
}

/** Why a build of the tree at `root` is needed, or undefined when its outputs are up to date. */
function staleReason(root = ROOT) {
  const outputTimes = OUTPUTS.map((o) => mtime(path.join(root, o)));
  const missing = OUTPUTS.filter((_, i) => outputTimes[i] === undefined);
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  const builtAt = Math.max(Math.min(...outputTimes), mtime(path.join(root, STAMP)) ?? 0);
  const newest = Math.max(
    ...SOURCE_DIRS.map((d) => newestInput(path.join(root, d))),
    ...ROOT_INPUTS.map((f) => mtime(path.join(root, f)) ?? 0),
  );
  return newest > builtAt ? 'sources changed since the last build' : undefined;
}

function ensureBuilt() {
  const reason = staleReason();
  if (reason === undefined) return;
  console.error(`[ensure-built] building ${PROJECTS.join(', ')} (${reason})`);
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
  const args = ['nx', 'run-many', '-t', 'build', `--projects=${PROJECTS.join(',')}`, '--outputStyle=static'];
  const build = spawnSync('npx', args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env });
  if (build.status !== 0) {
    console.error(`[ensure-built] build failed (${build.status ?? build.signal}); fix the errors above and retry`);
    process.exit(build.status || 1);
  }
  fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, STAMP), `${new Date().toISOString()}\n`);
}

if (require.main === module) ensureBuilt();
module.exports = { staleReason };
