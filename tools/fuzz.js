#!/usr/bin/env node
// The long fuzz run of issue 12: hostile lines through the parser and the state engine, hostile
// byte streams through the gateway's line framer, generated frames through the portal's frame
// check. Each target is its seeded spec (the one `npm test` runs small), run here with more
// lines through jest; this prints the figures and exits non-zero on the first failure (fast-check
// then prints the seed, the path and the shrunk counterexample to replay it).
//   node tools/fuzz.js                      1,000,000 engine lines, 200,000 framer lines and frames, seed 1
//   node tools/fuzz.js --seed 7 --lines 50000 --side-lines 10000
// CPU heavy for minutes: run it alone (on a shared machine, under the e2e lock).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? undefined : Number(process.argv[i + 1]);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} needs a positive integer`);
    process.exit(2);
  }
  return value;
}

const seed = option('seed', 1);
const lines = option('lines', 1_000_000);
const sideLines = option('side-lines', 200_000);

const TARGETS = [
  { project: 'apps/state', spec: 'src/testing/engine-fuzz.spec.ts', lines },
  { project: 'apps/gateway', spec: 'src/testing/framer-fuzz.spec.ts', lines: sideLines },
  { project: 'apps/portal', spec: 'src/testing/frame-fuzz.spec.ts', lines: sideLines },
];

const reportDir = path.join(root, 'tmp');
fs.mkdirSync(reportDir, { recursive: true });
const rows = [];
for (const target of TARGETS) {
  const report = path.join(reportDir, `fuzz-${path.basename(target.spec, '.spec.ts')}.json`);
  fs.rmSync(report, { force: true });
  console.error(`[fuzz] ${target.project} ${target.spec}: ${target.lines} lines, seed ${seed}`);
  const jest = require.resolve('jest/bin/jest', { paths: [root] });
  const result = spawnSync(process.execPath, [jest, '--silent', target.spec], {
    cwd: path.join(root, target.project),
    stdio: 'inherit',
    env: { ...process.env, FUZZ_LINES: String(target.lines), FUZZ_SEED: String(seed), FUZZ_REPORT: report },
  });
  if (result.status !== 0) {
    console.error(`[fuzz] ${target.spec} failed (seed ${seed}); the counterexample is above`);
    process.exit(1);
  }
  rows.push(JSON.parse(fs.readFileSync(report, 'utf8')));
}

console.log('\n| target | lines | runs | seconds | lines/s | slowest line (ms) | crashes, hangs, violations |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
let total = 0;
for (const r of rows) {
  total += r.lines;
  const rate = Math.round(r.lines / r.seconds);
  console.log(
    `| ${r.target} | ${r.lines} | ${r.runs} | ${r.seconds.toFixed(1)} | ${rate} | ${r.maxLineMs.toFixed(1)} | 0 |`,
  );
}
console.log(`\n${total} lines and frames in all, seed ${seed}: 0 crashes, 0 hangs, 0 invariant violations`);
