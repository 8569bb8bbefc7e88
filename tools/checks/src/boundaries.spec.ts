import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Module boundaries, enforced (STYLE.md "Layout and dependencies"): each project's tags say which
 * @portalchat libraries it may import; libraries never import apps; no deep imports into a lib;
 * the raw NATS client lives in one adapter file per app; the pure libraries do no I/O; the test
 * toolkit serves tests only.
 */
const root = join(__dirname, '..', '..', '..');

interface Project {
  name: string;
  dir: string;
  tags: string[];
}

const ALLOWED: Record<string, string[]> = {
  'type:app': ['type:protocol', 'type:config', 'type:util', 'type:routing'],
  'type:test': ['type:protocol', 'type:config', 'type:util'],
  'type:util': ['type:protocol', 'type:config', 'type:util'],
  // Test-only libraries (libs/testkit): any project's tests may use one (see isTestCode).
  'type:testing': ['type:protocol', 'type:config', 'type:util'],
  'type:config': [],
  'type:protocol': [],
  'type:routing': ['type:protocol'],
};

/**
 * Libraries of pure logic: their sources (specs aside) import only other @portalchat libraries
 * and their own files, so no node: module, NATS, gRPC or other package that could do I/O.
 */
const PURE = new Set(['type:protocol', 'type:routing']);

/** Files of apps that may import the NATS client directly (one adapter per app). */
const NATS_ADAPTERS = new Set(['apps/gateway/src/nats-adapter.ts', 'apps/state/src/nats-adapter.ts', 'apps/portal/src/nats-adapter.ts']);

/**
 * Whether a file is test code, the only code that may import a type:testing library: a spec,
 * anything under a test/ or testing/ folder, or any file of a project that is all tests.
 */
function isTestCode(project: Project, rel: string): boolean {
  return typeOf(project) === 'type:test' || /\.spec\.ts$/.test(rel) || /(^|\/)(test|testing)\//.test(relative(project.dir, rel));
}

function projects(): Project[] {
  const out: Project[] = [];
  for (const group of ['apps', 'libs', 'tools']) {
    for (const entry of readdirSync(join(root, group))) {
      const pkgPath = join(root, group, entry, 'package.json');
      try {
        const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
        out.push({ name: pkg.nx?.name ?? entry, dir: join(group, entry), tags: pkg.nx?.tags ?? [] });
      } catch {
        // not a project folder
      }
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (path.endsWith('.ts')) out.push(path);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

const all = projects();
const typeOf = (p: Project) => p.tags.find((t) => t.startsWith('type:')) ?? 'type:none';
const libByAlias = new Map(all.filter((p) => p.dir.startsWith('libs/')).map((p) => [`@portalchat/${p.name}`, p]));

describe('module boundaries', () => {
  it('finds the projects and their tags', () => {
    expect(all.map((p) => p.name)).toEqual(expect.arrayContaining(['protocol', 'config', 'service', 'routing', 'gateway', 'state', 'portal']));
    for (const p of all) expect(ALLOWED[typeOf(p)]).toBeDefined();
  });

  it.each([
    ['apps/gateway/test/gateway.int.spec.ts', 'gateway', true],
    ['apps/state/src/testing/harness.ts', 'state', true],
    ['libs/service/src/nats.spec.ts', 'service', true],
    ['tools/e2e/bench/measure-links.ts', 'e2e', true],
    ['apps/gateway/src/app.ts', 'gateway', false],
    ['apps/state/src/engine/testing-mode.ts', 'state', false],
    ['tools/bench/src/main.ts', 'bench', false],
  ] as const)('counts %s as test code: %s', (rel, name, expected) => {
    const project = all.find((p) => p.name === name);
    if (!project) throw new Error(`no project ${name}`);
    expect(isTestCode(project, rel)).toBe(expected);
  });

  it.each(all.map((p) => [p.name, p] as const))('%s imports only what its tags allow', (_name, project) => {
    const problems: string[] = [];
    for (const file of sourceFiles(join(root, project.dir))) {
      const rel = relative(root, file);
      for (const spec of imports(file)) {
        if (spec.startsWith('@portalchat/')) {
          const lib = libByAlias.get(spec);
          if (!lib) problems.push(`${rel}: ${spec} is not a library entry point (deep import or an app)`);
          else if (typeOf(lib) === 'type:testing') {
            if (lib !== project && !isTestCode(project, rel)) problems.push(`${rel}: ${spec} is for tests only (specs, test/ and testing/ folders)`);
          } else if (lib !== project && !ALLOWED[typeOf(project)].includes(typeOf(lib)))
            problems.push(`${rel}: a ${typeOf(project)} project may not import ${spec} (${typeOf(lib)})`);
        }
        if (spec.startsWith('.') && relative(join(root, project.dir), join(file, '..', spec)).startsWith('..'))
          problems.push(`${rel}: relative import ${spec} leaves the project`);
        if (/^(nats|@nats-io\/)/.test(spec) && project.dir.startsWith('apps/') && !file.endsWith('.spec.ts') && !NATS_ADAPTERS.has(rel))
          problems.push(`${rel}: the NATS client belongs in the app's one adapter (${[...NATS_ADAPTERS].join(', ')})`);
        if (PURE.has(typeOf(project)) && !file.endsWith('.spec.ts') && !spec.startsWith('.') && !spec.startsWith('@portalchat/'))
          problems.push(`${rel}: ${spec} in a library of pure logic (${typeOf(project)} does no I/O)`);
      }
    }
    expect(problems).toEqual([]);
  });
});
