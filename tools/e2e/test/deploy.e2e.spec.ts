// The deployment files, checked without the internet or an image build: the systemd units
// (parsed, linted with systemd-analyze when it is installed, and their commands run as a real
// host) and the Dockerfile (every COPY source exists, the command is a built file).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, HOST_SERVICES, httpStatus, isPortOpen, NATS_PROCESS, SERVICE_NODE_ARGS } from '@portalchat/hosting';
import { defined, eventually, IrcTestClient } from '@portalchat/testkit';
import { DIST_DIR } from './support/test-host';

const ROOT = resolve(DIST_DIR, '..');
const UNIT_DIR = join(ROOT, 'deploy', 'systemd');
/** Where the units expect the repository's build (dist/, node_modules/) to be installed. */
const INSTALL_DIR = '/opt/portalchat';
const PROCESSES = [NATS_PROCESS, ...HOST_SERVICES.map((s) => s.name)];
const TARGET = 'portalchat@%i.target';

/** `[Section]` → its `Key=value` lines, in order (comments and blank lines dropped). */
function parseUnit(text: string): Map<string, Array<[string, string]>> {
  const sections = new Map<string, Array<[string, string]>>();
  let current: Array<[string, string]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(\w+)\]$/.exec(line)?.[1];
    if (section !== undefined) sections.set(section, (current = []));
    else if (current && line.includes('='))
      current.push([line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
    else throw new Error(`not a unit line: ${line}`);
  }
  return sections;
}

const values = (unit: Map<string, Array<[string, string]>>, section: string, key: string) =>
  (unit.get(section) ?? []).filter(([k]) => k === key).flatMap(([, v]) => v.split(/\s+/).filter(Boolean));
const unitText = (name: string) => readFileSync(join(UNIT_DIR, `portalchat-${name}@.service`), 'utf8');

/** A unit's ExecStart as it runs from this checkout: the install dir is the repo, %i a host file here. */
function localCommand(name: string, configDir: string, instance: string): string[] {
  const [node, ...args] = values(parseUnit(unitText(name)), 'Service', 'ExecStart');
  expect(node).toBe('/usr/bin/node');
  if (node === undefined) throw new Error(`${name}'s unit has no ExecStart`);
  return [
    process.execPath,
    ...args.map((a) =>
      a.replace(INSTALL_DIR, ROOT).replace('/etc/portalchat/%i.yaml', join(configDir, `${instance}.yaml`)),
    ),
  ];
}

describe('systemd units (deploy/systemd)', () => {
  it('has one unit per process of a host, and a target that wants them all', () => {
    expect(readdirSync(UNIT_DIR).sort()).toEqual(
      [...PROCESSES.map((p) => `portalchat-${p}@.service`), 'portalchat@.target'].sort(),
    );
    const target = parseUnit(readFileSync(join(UNIT_DIR, 'portalchat@.target'), 'utf8'));
    expect(values(target, 'Unit', 'Wants').sort()).toEqual(PROCESSES.map((p) => `portalchat-${p}@%i.service`).sort());
    expect(values(target, 'Install', 'WantedBy')).toEqual(['multi-user.target']);
  });

  it.each(PROCESSES)(
    "runs %s through the built run.js with the instance's host file, restarted always, part of the target",
    (name) => {
      const unit = parseUnit(unitText(name));
      const script = `${INSTALL_DIR}/dist/tools/launcher/run.js`;
      const nodeArgs = name === NATS_PROCESS ? [] : [...SERVICE_NODE_ARGS];
      expect(values(unit, 'Service', 'ExecStart')).toEqual([
        '/usr/bin/node',
        ...nodeArgs,
        script,
        name,
        '--config',
        '/etc/portalchat/%i.yaml',
      ]);
      expect(existsSync(script.replace(INSTALL_DIR, ROOT))).toBe(true);
      expect(values(unit, 'Service', 'Restart')).toEqual(['always']);
      // systemd's default rate limit would give up on a crash loop for good.
      expect(values(unit, 'Unit', 'StartLimitIntervalSec')).toEqual(['0']);
      expect(values(unit, 'Unit', 'PartOf')).toEqual([TARGET]);
      expect(values(unit, 'Install', 'WantedBy')).toEqual([TARGET]);
      if (name !== NATS_PROCESS)
        expect(values(unit, 'Unit', 'After')).toContain(`portalchat-${NATS_PROCESS}@%i.service`);
    },
  );

  const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  (analyze.status === 0 ? it : it.skip)(
    'passes systemd-analyze verify (skipped where systemd-analyze is not installed)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'portalchat-units-'));
      try {
        const names: string[] = [];
        for (const file of readdirSync(UNIT_DIR)) {
          const name = file.replace('@.', '@E2e.');
          // Instantiated, and pointing at this checkout and this node, so the commands exist.
          const text = readFileSync(join(UNIT_DIR, file), 'utf8')
            .replaceAll(INSTALL_DIR, ROOT)
            .replaceAll('/usr/bin/node ', `${process.execPath} `);
          writeFileSync(join(dir, name), text);
          names.push(join(dir, name));
        }
        const result = spawnSync('systemd-analyze', ['verify', '--man=no', ...names], {
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it("runs a working host with the units' own commands, and each stops cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portalchat-units-run-'));
    const children: Array<{ name: string; child: ChildProcess; exit: Promise<number | null> }> = [];
    let output = '';
    const codes: Record<string, number | null> = {};
    try {
      const port = () => freePort('127.0.0.1');
      const irc = await port();
      const gateway = await port();
      const state = await port();
      const nats = await port();
      writeFileSync(
        join(dir, 'E2e.yaml'),
        JSON.stringify({
          server: { name: 'E2e', id: 5 },
          listen: {
            irc: [{ host: '127.0.0.1', port: irc }],
            health: { gateway: { port: gateway }, state: { port: state } },
          },
          nats: { url: `nats://127.0.0.1:${nats}` },
          dataDir: join(dir, 'data'),
        }),
      );
      // In the order systemd's After= lines start them (no portal: this host has no portals).
      for (const name of [NATS_PROCESS, 'state', 'gateway']) {
        const [command, ...args] = localCommand(name, dir, 'E2e');
        const child = spawn(defined(command, `${name}'s command`), args, { stdio: ['ignore', 'pipe', 'pipe'] });
        defined(child.stdout, `${name}'s stdout`)
          .setEncoding('utf8')
          .on('data', (c: string) => (output += c));
        defined(child.stderr, `${name}'s stderr`)
          .setEncoding('utf8')
          .on('data', (c: string) => (output += c));
        children.push({ name, child, exit: new Promise((r) => child.once('exit', (code) => r(code))) });
      }
      await eventually(
        "the units' host to be ready",
        async () =>
          (await isPortOpen('127.0.0.1', nats)) && (await httpStatus(`http://127.0.0.1:${gateway}/readyz`)) === 200,
        { timeoutMs: 15_000, intervalMs: 100, detail: () => output },
      );
      const client = await IrcTestClient.connect({ host: '127.0.0.1', port: irc });
      try {
        expect(await client.register('unit')).toMatch(/^:E2e 001 unit /);
      } finally {
        client.close();
      }
      expect(existsSync(join(dir, 'data', 'nats'))).toBe(true);
    } finally {
      for (const { name, child, exit } of children.reverse()) {
        child.kill('SIGTERM');
        codes[name] = await exit;
      }
      rmSync(dir, { recursive: true, force: true });
    }
    // Checked after the cleanup, not in it: a failure above keeps its own message.
    // nats-server ends with 1 on SIGTERM, which its unit lists in SuccessExitStatus.
    // The output goes with the codes, so a failure says why a process ended as it did.
    expect({ codes, output: codes['gateway'] === 0 && codes['state'] === 0 ? '' : output }).toEqual({
      codes: { gateway: 0, state: 0, [NATS_PROCESS]: 1 },
      output: '',
    });
    expect(values(parseUnit(unitText(NATS_PROCESS)), 'Service', 'SuccessExitStatus')).toEqual(['1']);
  }, 30_000);
});

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function dockerInstructions(): Array<{ op: string; args: string }> {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => ({ op: (l.split(/\s+/)[0] ?? '').toUpperCase(), args: l.slice(l.indexOf(' ') + 1).trim() }));
}

/** Whether .dockerignore keeps `path` (a simplified reading: exact names, folders, and `**` prefixes). */
function dockerIgnores(path: string): boolean {
  const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  return patterns.some((p) => {
    const bare = p.replace(/^\*\*\//, '');
    return path === p || path.startsWith(`${p}/`) || (p.startsWith('**/') && path.split('/').includes(bare));
  });
}

describe('Dockerfile', () => {
  const steps = dockerInstructions();
  const stages = steps.filter((s) => s.op === 'FROM');
  const runtime = steps.slice(steps.lastIndexOf(defined(stages[stages.length - 1], 'the last FROM')));

  it('builds with npm ci in a build stage and runs on the same Node major version', () => {
    expect(stages.map((s) => s.args)).toEqual(['node:20-bookworm-slim AS build', 'node:20-bookworm-slim']);
    const build = steps.slice(0, steps.indexOf(defined(stages[1], 'the runtime FROM')));
    const runs = build.filter((s) => s.op === 'RUN').map((s) => s.args);
    expect(runs).toEqual([
      'npm ci',
      expect.stringMatching(/^npx nx run-many -t build --projects=\S+ --outputStyle=static$/),
      'npm prune --omit=dev',
    ]);
    // Every process the image can run is built.
    const projects = defined(/--projects=(\S+)/.exec(runs[1] ?? '')?.[1], "the build line's --projects").split(',');
    expect(projects).toEqual(expect.arrayContaining([...HOST_SERVICES.map((s) => s.name), 'launcher']));
  });

  it('copies only sources that exist and that .dockerignore lets through', () => {
    const sources = steps
      .filter((s) => s.op === 'COPY' && !s.args.startsWith('--from'))
      .flatMap((s) => s.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect([source, existsSync(join(ROOT, source))]).toEqual([source, true]);
      expect([source, dockerIgnores(source)]).toEqual([source, false]);
    }
    // The context never carries a local build or local data.
    for (const local of ['node_modules', 'dist', 'config/data', 'apps/state/node_modules'])
      expect([local, dockerIgnores(local)]).toEqual([local, true]);
  });

  it('copies into the runtime stage only what the build stage made', () => {
    const fromBuild = runtime.filter((s) => s.op === 'COPY').map((s) => s.args.split(/\s+/));
    expect(fromBuild.every((args) => args[0] === '--from=build')).toBe(true);
    expect(fromBuild.map((args) => args[1])).toEqual(['/src/package.json', '/src/node_modules', '/src/dist']);
  });

  it("runs one process of a host, chosen by the command, through a built file with the services' node flags", () => {
    const json = (op: string) =>
      JSON.parse(
        defined(
          runtime.find((s) => s.op === op),
          op,
        ).args,
      ) as string[];
    const entrypoint = json('ENTRYPOINT');
    const [name] = json('CMD');
    expect(entrypoint).toEqual([
      'node',
      ...SERVICE_NODE_ARGS,
      'dist/tools/launcher/run.js',
      '--config',
      '/etc/portalchat/host.yaml',
    ]);
    expect(runtime.find((s) => s.op === 'WORKDIR')?.args).toBe(INSTALL_DIR);
    expect(existsSync(join(ROOT, defined(entrypoint[2], "the entrypoint's script")))).toBe(true);
    expect(PROCESSES).toContain(defined(name, 'the CMD'));
  });

  it('has a command line the built run.js understands: it reaches the host file', () => {
    const entrypoint = JSON.parse(
      defined(
        runtime.find((s) => s.op === 'ENTRYPOINT'),
        'ENTRYPOINT',
      ).args,
    ) as string[];
    const missing = join(tmpdir(), `portalchat-no-such-dir-${Date.now()}`, 'host.yaml');
    const args = [...entrypoint.slice(1).map((a) => (a === '/etc/portalchat/host.yaml' ? missing : a)), 'gateway'];
    const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 15_000 });
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 2,
      stderr: `gateway: ${missing}: cannot read: no such file or directory\n`,
    });
  });
});
