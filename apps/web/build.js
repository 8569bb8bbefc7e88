#!/usr/bin/env node
// Builds the web chat client into dist/apps/web: index.html, and under assets/ one JS bundle and
// one CSS file whose names carry a hash of their content. The gateway serves index.html uncached
// and the hashed assets as immutable (apps/gateway/src/web/static-files.ts), so a browser always
// gets the page that belongs to the running build.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(__dirname, 'src');
const OUT = path.join(ROOT, 'dist', 'apps', 'web');

async function build() {
  fs.rmSync(OUT, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { app: path.join(SRC, 'main.tsx'), style: path.join(SRC, 'styles.css') },
    outdir: path.join(OUT, 'assets'),
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    tsconfig: path.join(__dirname, 'tsconfig.json'),
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => path.basename(file));
  const pick = (prefix, ext) => {
    const found = outputs.find((name) => name.startsWith(prefix) && name.endsWith(ext));
    if (!found) throw new Error(`web build: no ${prefix}*${ext} in the esbuild output`);
    return found;
  };
  const html = fs
    .readFileSync(path.join(SRC, 'index.html'), 'utf8')
    .replace('%APP_JS%', `assets/${pick('app-', '.js')}`)
    .replace('%APP_CSS%', `assets/${pick('style-', '.css')}`);
  fs.writeFileSync(path.join(OUT, 'index.html'), html);
}

build().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
