#!/usr/bin/env node
// `npm start`, `npm run host` and `npm run bench` run this first. It is `nx run-many -t build`:
// Nx's cache (hashes of each project's production inputs, see nx.json) decides what is stale and
// rebuilds only that, or restores it from the cache. What this file adds is quiet: Nx has no quiet
// mode, and its report of five cache hits is thirty lines before every start. So its output is
// held back; a task that really runs is named in one line as it starts, and on a failure
// everything Nx printed is shown.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { stripVTControlCharacters } = require('node:util');

const ROOT = path.join(__dirname, '..');
const NX_BIN = require.resolve('nx/bin/nx', { paths: [ROOT] });

const ENV = {
  ...process.env,
  // No background daemon left running after `npm start` (and nothing to go stale).
  NX_DAEMON: 'false',
  // Load the project-graph plugins in this process instead of one worker process each: the
  // workers' start-up is most of the time of a run that finds everything cached.
  NX_ISOLATE_PLUGINS: 'false',
  NX_TUI: 'false',
  NX_NO_CLOUD: 'true',
};

/**
 * The task a line of Nx's static output says it starts running (`> nx run state:build`), or
 * undefined; a task Nx restores from its cache has a `[local cache]` or similar note on that line.
 */
function taskStarting(line) {
  const plain = stripVTControlCharacters(line).trim();
  const match = /^> nx run (\S+)\s*(.*)$/.exec(plain);
  return match && match[2] === '' ? match[1] : undefined;
}

function build() {
  const args = [NX_BIN, 'run-many', '-t', 'build', '--outputStyle=static'];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let pending = '';
  const collect = (chunk) => {
    output += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      const task = taskStarting(line);
      if (task) console.error(`[build] nx run ${task}`);
    }
  };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);
  child.on('close', (code, signal) => {
    if (code === 0) return;
    process.stderr.write(output);
    console.error(`[build] nx run-many -t build failed (${code ?? signal}); fix the errors above and retry`);
    process.exit(code || 1);
  });
}

if (require.main === module) build();
module.exports = { taskStarting };
