// ESLint for the whole monorepo (flat config). `npm run lint` lints the tree in one process (then
// checks import cycles), `npx nx lint <project>` one project (cached by Nx), and `npm test` runs it
// with the other checks. TypeScript files are linted with type information (projectService: each
// file against its project's tsconfig.json), so a rule sees the types tsc sees.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import { createProjectGraphAsync, readCachedProjectGraph } from '@nx/devkit';
import eslintConfigPrettier from 'eslint-config-prettier/flat';
import { defineConfig } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

// @nx/enforce-module-boundaries reads the project graph from Nx's cache and silently skips every
// check when there is none (a fresh clone that runs `npx eslint` before any nx command). Build it
// here in that case, so the boundaries are always enforced, whoever starts ESLint. Not while Nx
// itself builds the graph: its @nx/eslint plugin loads this file to find each project's lint target.
if (!globalThis.NX_GRAPH_CREATION) {
  try {
    readCachedProjectGraph();
  } catch {
    await createProjectGraphAsync({ exitOnError: false });
  }
}

/** Files that only tests run: they may import the test-only helpers of libs/testkit. */
const TEST_FILES = ['**/*.spec.ts', '**/test/**', '**/testing/**', 'libs/testkit/**', 'tools/e2e/**'];

/** The one file per app allowed to import the NATS client (STYLE.md: one adapter per app). */
const NATS_ADAPTERS = [
  'apps/state/src/nats-adapter.ts',
  // State's second adapter: the JetStream history stream (issue 13), kept out of the bus adapter.
  'apps/state/src/history-stream.ts',
  'apps/gateway/src/nats-adapter.ts',
  'apps/portal/src/nats-adapter.ts',
];

/** Libraries that stay pure (STYLE.md): no sockets, files, processes, NATS or gRPC, no clock, no timers. */
const PURE_LIBS = ['libs/protocol/src/**/*.ts', 'libs/routing/src/**/*.ts'];

// no-restricted-imports takes one option object per file, and a later config block replaces an
// earlier one's instead of adding to it, so each block below lists every group that applies to it.
const DEEP_IMPORTS = {
  // The testkit's browser helper is a second entry point of its own (tsconfig paths), so that
  // specs without a browser never load playwright-core.
  group: ['@portalchat/*/**', '!@portalchat/testkit/browser'],
  message: 'Import a library only through its entry point, @portalchat/<lib> (no deep imports).',
};
const TESTKIT = {
  group: ['@portalchat/testkit', '@portalchat/testkit/**'],
  message: '@portalchat/testkit is for tests only (*.spec.ts, test/, testing/).',
};
const NATS_CLIENT = {
  group: ['nats', 'nats/**', '@nats-io/*', '@nats-io/*/**'],
  message: `The NATS client belongs in the app's one adapter (${NATS_ADAPTERS.join(', ')}).`,
};
const IO_MODULES = [
  'net',
  'tls',
  'dgram',
  'dns',
  'http',
  'https',
  'http2',
  'fs',
  'fs/promises',
  'child_process',
  'worker_threads',
  'cluster',
  'os',
  'timers',
  'timers/promises',
  'process',
  'readline',
];
const PURE_LIB_IO = {
  group: [
    ...IO_MODULES,
    ...IO_MODULES.map((m) => `node:${m}`),
    'nats',
    'nats/**',
    '@nats-io/*',
    '@nats-io/*/**',
    '@grpc/*',
    'fastify',
    'pino',
  ],
  message:
    'This library is pure: no I/O, no NATS or gRPC client, no logger (STYLE.md); take what it needs as parameters.',
};
const restrictImports = (...patterns) => ['error', { patterns }];

/** Which project may depend on which, by the `tags` in each project's package.json ("nx" section). */
const DEP_CONSTRAINTS = [
  // Layers: apps and tools sit on libraries; protocol and config are leaves; routing is a pure core
  // on top of protocol; testkit (test-only helpers) may use any shared library.
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:protocol', 'type:config', 'type:util', 'type:routing', 'type:testing'],
  },
  {
    sourceTag: 'type:test',
    onlyDependOnLibsWithTags: ['type:protocol', 'type:config', 'type:util', 'type:routing', 'type:testing'],
  },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:protocol', 'type:config', 'type:util'] },
  // A utility library's specs may use the testkit (no-restricted-imports keeps it out of its sources).
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:protocol', 'type:config', 'type:util', 'type:testing'] },
  { sourceTag: 'type:routing', onlyDependOnLibsWithTags: ['type:protocol'] },
  { sourceTag: 'type:protocol', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:config', onlyDependOnLibsWithTags: [] },
  // Scopes: an app or tool uses shared libraries only, never another app's code.
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:state', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:portal', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:map', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];

export default defineConfig(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/tmp/**', '**/coverage/**', '.nx/**'] },

  // An eslint-disable comment that no longer suppresses anything fails too, so none outlives its reason.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  js.configs.recommended,

  {
    // .tsx: the web client's Preact components (apps/web).
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    plugins: { '@nx': nx, 'import-x': importX },
    settings: {
      // import-x follows only files with these extensions (its default is JavaScript alone).
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: `${root}/tsconfig.base.json` })],
    },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      // The house style: `import type { A }` when every name is a type, `import { a, type B }` when mixed.
      // (--fix writes the inline form; no-import-type-side-effects then lifts an all-type one to `import type`.)
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // Cycles between files through value imports; import-x skips type-only imports by design, so
      // `npm run lint:cycles` (dpdm) checks the whole graph, types included.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints: DEP_CONSTRAINTS }],
      'no-restricted-imports': restrictImports(DEEP_IMPORTS),
    },
  },
  {
    files: ['**/*.ts'],
    ignores: TEST_FILES,
    rules: { 'no-restricted-imports': restrictImports(DEEP_IMPORTS, TESTKIT) },
  },
  {
    // Only specs (not test helpers) may talk to NATS directly besides the adapters, as before.
    files: ['apps/**/*.ts'],
    ignores: ['**/*.spec.ts', ...NATS_ADAPTERS],
    rules: { 'no-restricted-imports': restrictImports(DEEP_IMPORTS, NATS_CLIENT) },
  },
  {
    files: ['apps/**/*.ts'],
    ignores: [...TEST_FILES, ...NATS_ADAPTERS],
    rules: { 'no-restricted-imports': restrictImports(DEEP_IMPORTS, TESTKIT, NATS_CLIENT) },
  },
  {
    files: PURE_LIBS,
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': restrictImports(DEEP_IMPORTS, TESTKIT, PURE_LIB_IO),
      'no-restricted-globals': [
        'error',
        ...[
          'setTimeout',
          'setInterval',
          'setImmediate',
          'clearTimeout',
          'clearInterval',
          'clearImmediate',
          'process',
          'performance',
          'fetch',
        ].map((name) => ({
          name,
          message: 'This library is pure: no timers, clock or process (STYLE.md); take what it needs as parameters.',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'This library has no clock: take `now` as a parameter.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'This library has no clock: take `now` as a parameter.',
        },
      ],
    },
  },

  // Plain JavaScript: the CommonJS scripts under tools/ and the jest configs.
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    // As tsc's noUnusedLocals does: `const { dropped: _d, ...kept } = x` leaves `_d` unused on purpose.
    rules: { 'no-unused-vars': ['error', { ignoreRestSiblings: true }] },
  },

  // Last, so that no rule fights the formatter.
  eslintConfigPrettier,
);
