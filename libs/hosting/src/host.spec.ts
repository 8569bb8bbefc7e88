import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHostConfig } from '@portalchat/config';
import { startHost } from './host';
import { SERVICE_NODE_ARGS } from './host-services';
import { startNatsServer } from './nats-server';
import { freePort, isPortOpen } from './ports';
import { httpStatus, waitReady } from './readiness';
import { REPLACEMENT_SPARE_DELAY_MS } from './supervisor';

/** A test that waits for the spare after a restart: REPLACEMENT_SPARE_DELAY_MS, then a spare's start. */
const SPARE_TEST_TIMEOUT_MS = REPLACEMENT_SPARE_DELAY_MS + 15_000;

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A stand-in for a built service: reads the effective config it is given, serves /readyz on its
 * own health endpoint and records that it started. With `--standby` it is a warm spare as
 * libs/service standby.ts makes one: it says it stands by, and serves only after `go` on stdin.
 * Lets startHost be tested before (and without) the real services.
 */
const FAKE_SERVICE = (yamlModule: string) => `
const { readFileSync, appendFileSync } = require('node:fs');
const { createServer } = require('node:http');
const { parse } = require(${JSON.stringify(yamlModule)});
const name = require('node:path').basename(__dirname);
const config = parse(readFileSync(process.argv[process.argv.indexOf('--config') + 1], 'utf8'));
if (process.env.FAKE_FAIL === name) { console.error('bad config: ' + name + ' refuses'); process.exit(2); }
process.on('SIGTERM', () => process.exit(0));
function serve() {
  // A service that crashes a while after every start: a crash loop.
  if (process.env.FAKE_CRASH === name) setTimeout(() => process.exit(3), 150);
  appendFileSync(process.env.FAKE_LOG, name + ' ' + process.pid + '\\n');
  const { host, port } = config.listen.health[name];
  createServer((req, res) => res.writeHead(req.url === '/readyz' ? 200 : 404).end()).listen(port, host, () =>
    console.log(JSON.stringify({ level: 30, msg: 'ready', service: name })));
}
if (process.argv.includes('--standby')) {
  console.log(JSON.stringify({ level: 30, msg: 'standing by', service: name, standby: 'waiting' }));
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    input += chunk;
    if (input.split('\\n').includes('go')) { process.stdin.destroy(); serve(); }
  });
  process.stdin.on('end', () => process.exit(0));
} else serve();
`;

/** A value the test knows is there (a failing test says which instead of a TypeError). */
function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what}`);
  return value;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let dir: string;
let distDir: string;
let configPath: string;
let natsPort: number;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hosting-host-'));
  distDir = join(dir, 'dist');
  for (const service of ['state', 'portal', 'gateway']) {
    mkdirSync(join(distDir, 'apps', service), { recursive: true });
    writeFileSync(join(distDir, 'apps', service, 'main.js'), FAKE_SERVICE(require.resolve('yaml')));
  }
  natsPort = await freePort('127.0.0.1');
  const [irc, gateway, state] = [await freePort(), await freePort(), await freePort()];
  configPath = join(dir, 'host.yaml');
  writeFileSync(
    configPath,
    [
      'server: { name: test.example.net, id: 7 }',
      `listen: { irc: [{ host: 127.0.0.1, port: ${irc} }], health: { gateway: { port: ${gateway} }, state: { port: ${state} } } }`,
      `nats: { url: "nats://127.0.0.1:${natsPort}" }`,
      'dataDir: ./data',
    ].join('\n'),
  );
  process.env['FAKE_LOG'] = join(dir, 'started.log');
  delete process.env['FAKE_FAIL'];
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const quiet = { output: 'none' as const };

describe('startHost', () => {
  it('starts NATS, then state, then gateway (no portal without portals), and stops them all', async () => {
    const host = await startHost({ configPath, distDir, ...quiet });
    expect(host.nats).toMatchObject({ url: `nats://127.0.0.1:${natsPort}`, reused: false });
    expect(host.services.map((s) => s.name)).toEqual(['state', 'gateway']);
    expect(await isPortOpen('127.0.0.1', natsPort)).toBe(true);
    // Every service runs with the host's V8 flags, before its script.
    for (const service of host.services) {
      const argv = readFileSync(`/proc/${service.pid}/cmdline`, 'utf8').split('\0');
      expect(argv.slice(1, 1 + SERVICE_NODE_ARGS.length)).toEqual([...SERVICE_NODE_ARGS]);
    }

    const services = host.services;
    const natsPid = present(host.nats.pid, 'the pid of the nats-server the host started');
    // State has a warm spare (started once it was ready); the gateway has none.
    await waitFor(() => host.status()[1]?.spare !== undefined);
    const spare = present(host.status()[1]?.spare, "state's spare");
    expect(host.status()[2]?.spare).toBeUndefined();
    await host.stop();
    expect(services.map((s) => isAlive(s.pid))).toEqual([false, false]);
    expect(isAlive(spare.pid)).toBe(false);
    expect(host.services).toEqual([]);
    expect(isAlive(natsPid)).toBe(false);
    expect(await isPortOpen('127.0.0.1', natsPort)).toBe(false);
  });

  it('hands the services an effective config that includes the overrides', async () => {
    const host = await startHost({
      configPath,
      distDir,
      ...quiet,
      overrides: { server: { description: 'from a flag' } },
    });
    try {
      const effective = loadHostConfig(host.configFile);
      expect(effective.server.description).toBe('from a flag');
      expect({ ...effective, source: '' }).toEqual({ ...host.config, source: '' });
    } finally {
      await host.stop();
    }
  });

  it('reuses a NATS server that already answers and leaves it running', async () => {
    const nats = await startNatsServer({ host: '127.0.0.1', port: natsPort });
    try {
      const host = await startHost({ configPath, distDir, ...quiet });
      expect(host.nats.reused).toBe(true);
      await host.stop();
      expect(await isPortOpen('127.0.0.1', natsPort)).toBe(true);
    } finally {
      await nats.stop();
    }
  });

  it("fails with the service's own message and stops what it started", async () => {
    process.env['FAKE_FAIL'] = 'gateway';
    await expect(startHost({ configPath, distDir, ...quiet })).rejects.toThrow(
      /test\.example\.net: gateway exited during start-up \(exit code 2\):\nbad config: gateway refuses/,
    );
    expect(await isPortOpen('127.0.0.1', natsPort)).toBe(false);
  });

  it('reports a service that dies later through onServiceExit, and restarts it at once', async () => {
    const exits: string[] = [];
    const logs: string[] = [];
    const host = await startHost({
      configPath,
      distDir,
      ...quiet,
      warmSpares: false,
      onServiceExit: (name, exit) => exits.push(`${name} ${exit.signal}`),
      log: (message, level = 'info') => logs.push(`${level} ${message}`),
    });
    try {
      const state = present(host.services[0], 'the state service');
      const gateway = present(host.services[1], 'the gateway service');
      const killedAt = Date.now();
      state.child.kill('SIGKILL');
      await state.exited;
      expect(exits).toEqual(['state SIGKILL']);
      const restarted = /^info test\.example\.net: state restarted \(pid \d+\), ready in \d+ ms$/;
      await waitFor(() => logs.some((l) => restarted.test(l)), 2000);
      expect(Date.now() - killedAt).toBeLessThan(2000);
      expect(await httpStatus(`${host.health['state']}/readyz`)).toBe(200);
      expect(host.services.map((s) => s.name)).toEqual(['state', 'gateway']);
      expect(host.services[1]?.pid).toBe(gateway.pid);
      expect(host.status().map((s) => [s.name, s.restarts.crash])).toEqual([
        ['nats', 0],
        ['state', 1],
        ['gateway', 0],
      ]);
      expect(logs).toContainEqual(
        expect.stringMatching(
          /^warn test\.example\.net: state exited unexpectedly \(signal SIGKILL\) after [\d.]+ m?s up; restart 1 at once$/,
        ),
      );
    } finally {
      await host.stop();
    }
  });

  it(
    'promotes the warm spare when a service crashes, and starts a new spare once it serves',
    async () => {
      const logs: string[] = [];
      const host = await startHost({
        configPath,
        distDir,
        ...quiet,
        log: (message, level = 'info') => logs.push(`${level} ${message}`),
      });
      try {
        await waitFor(() => host.status()[1]?.spare?.warm === true);
        const spare = present(host.status()[1]?.spare, "state's spare");
        const state = present(host.services[0], 'the state service');
        // A spare touches nothing: no health port of its own, not counted as started.
        expect(readFileSync(join(dir, 'started.log'), 'utf8')).not.toContain(`state ${spare.pid}`);

        state.child.kill('SIGKILL');
        const promoted = `info test.example.net: state restarted (pid ${spare.pid}, the warm spare), ready in`;
        await waitFor(() => logs.some((l) => l.startsWith(promoted)), 2000);
        expect(host.services[0]?.pid).toBe(spare.pid);
        expect(host.status()[1]).toMatchObject({ name: 'state', pid: spare.pid, restarts: { crash: 1 } });
        expect(await httpStatus(`${host.health['state']}/readyz`)).toBe(200);
        expect(readFileSync(join(dir, 'started.log'), 'utf8')).toContain(`state ${spare.pid}\n`);

        // The next spare starts REPLACEMENT_SPARE_DELAY_MS after the restart.
        await waitFor(() => host.status()[1]?.spare?.warm === true, REPLACEMENT_SPARE_DELAY_MS + 5000);
        const next = present(host.status()[1]?.spare, "state's new spare");
        expect(next.pid).not.toBe(spare.pid);
        expect(isAlive(next.pid)).toBe(true);
      } finally {
        await host.stop();
      }
    },
    SPARE_TEST_TIMEOUT_MS,
  );

  it(
    'does not promote a spare of an older build: after an upgrade a restart runs the new one',
    async () => {
      const host = await startHost({ configPath, distDir, ...quiet });
      try {
        await waitFor(() => host.status()[1]?.spare?.warm === true);
        const spare = present(host.status()[1]?.spare, "state's spare");
        // The upgrade: a new build of state's script.
        const script = join(distDir, 'apps', 'state', 'main.js');
        writeFileSync(script, `${readFileSync(script, 'utf8')}\n// build 2\n`);
        const restarted = await host.restartService('state');
        expect(restarted.pid).not.toBe(spare.pid);
        await waitFor(() => !isAlive(spare.pid));
        await waitFor(() => host.status()[1]?.spare?.warm === true, REPLACEMENT_SPARE_DELAY_MS + 5000);
        expect(host.status()[1]?.spare?.pid).not.toBe(spare.pid);
      } finally {
        await host.stop();
      }
    },
    SPARE_TEST_TIMEOUT_MS,
  );

  it('restarts the nats-server it started when that dies', async () => {
    const host = await startHost({ configPath, distDir, ...quiet });
    try {
      const old = present(host.nats.pid, 'the pid of the nats-server the host started');
      process.kill(old, 'SIGKILL');
      await waitFor(() => host.nats.pid !== undefined && host.nats.pid !== old);
      expect(await isPortOpen('127.0.0.1', natsPort)).toBe(true);
      expect(host.status()[0]).toMatchObject({ name: 'nats', running: true, restarts: { crash: 1, operator: 0 } });
      expect(host.status()[0]?.lastExit).toMatchObject({ signal: 'SIGKILL' });
    } finally {
      await host.stop();
    }
    expect(await isPortOpen('127.0.0.1', natsPort)).toBe(false);
  });

  it('keeps restarting a service in a crash loop, at the longest delay, and says so', async () => {
    const logs: string[] = [];
    const host = await startHost({
      configPath,
      distDir,
      ...quiet,
      supervision: { baseDelayMs: 10, maxDelayMs: 100, crashLoopCount: 3, jitter: 0 },
      log: (message, level = 'info') => logs.push(`${level} ${message}`),
    });
    try {
      const gateway = present(host.services[1], 'the gateway service');
      process.env['FAKE_CRASH'] = 'gateway';
      gateway.child.kill('SIGKILL');
      await waitFor(() => logs.some((l) => l.includes('CRASH LOOP')), 5000);
      expect(logs.find((l) => l.includes('CRASH LOOP'))).toMatch(
        /^error test\.example\.net: gateway exited unexpectedly \(exit code 3\) .*CRASH LOOP: 3 crashes in a short time; restart 3 in 100 ms/,
      );
      delete process.env['FAKE_CRASH'];
      // The next restart comes at the longest delay and, the cause gone, stays up.
      await waitFor(() => host.status()[2]?.running === true && host.status()[2]?.restarts.crash === 3, 2000);
      await waitReady(present(host.health['gateway'], "the gateway's health URL"), 2000);
      expect(host.services[0]?.isRunning()).toBe(true);
    } finally {
      delete process.env['FAKE_CRASH'];
      await host.stop();
    }
  });

  it('restarts a service on request: SIGTERM, a new process, ready again', async () => {
    const exits: string[] = [];
    const host = await startHost({ configPath, distDir, ...quiet, onServiceExit: (name) => exits.push(name) });
    try {
      const old = present(host.services[1], 'the gateway service');
      const fresh = await host.restartService('gateway');
      expect(fresh.pid).not.toBe(old.pid);
      expect(await old.exited).toEqual({ code: 0, signal: null });
      expect(host.services[1]?.pid).toBe(fresh.pid);
      expect(await httpStatus(`${host.health['gateway']}/readyz`)).toBe(200);
      expect(host.status()[2]).toMatchObject({ name: 'gateway', restarts: { crash: 0, operator: 1 } });
      await expect(host.restartService('nope')).rejects.toThrow(
        'test.example.net runs no service named nope (it runs state, gateway, nats)',
      );
      expect(exits).toEqual([]);
    } finally {
      await host.stop();
    }
  });

  it('leaves a crashed service down with supervision off', async () => {
    const host = await startHost({ configPath, distDir, ...quiet, supervision: false });
    try {
      const state = present(host.services[0], 'the state service');
      state.child.kill('SIGKILL');
      await state.exited;
      await new Promise((r) => setTimeout(r, 300));
      expect(host.services.map((s) => s.name)).toEqual(['gateway']);
      expect(host.status()[1]).toMatchObject({ name: 'state', running: false, restarts: { crash: 0 } });
    } finally {
      await host.stop();
    }
  });
});

describe('startHost with portals configured', () => {
  /** The test host's file plus one portal, which makes the host run its portal service. */
  async function withPortal(): Promise<void> {
    const [portalHealth, portalPort] = [await freePort(), await freePort()];
    writeFileSync(
      configPath,
      [
        readFileSync(configPath, 'utf8').replace(
          'health: {',
          `portal: { host: 127.0.0.1, port: ${portalPort} }, health: { portal: { port: ${portalHealth} }, `,
        ),
        'portals: [{ name: Portal_to_peer, address: 127.0.0.1, port: 6665, serverId: 8, uplink: true, secret: s3cret }]',
      ].join('\n'),
    );
  }

  it('starts the portal between state and gateway only when the host has portals', async () => {
    await withPortal();
    const host = await startHost({ configPath, distDir, ...quiet });
    try {
      expect(host.services.map((s) => s.name)).toEqual(['state', 'portal', 'gateway']);
      expect(Object.keys(host.health)).toEqual(['state', 'portal', 'gateway']);
    } finally {
      await host.stop();
    }
  });

  it('stops and restarts one service without reporting it as a crash', async () => {
    await withPortal();
    const exits: string[] = [];
    const host = await startHost({ configPath, distDir, ...quiet, onServiceExit: (name) => exits.push(name) });
    try {
      const portal = present(host.services[1], 'the portal service');
      await host.stopService('portal');
      expect(isAlive(portal.pid)).toBe(false);
      expect(host.services.map((s) => s.name)).toEqual(['state', 'gateway']);

      const again = await host.startService('portal');
      expect(again.pid).not.toBe(portal.pid);
      expect(host.services.map((s) => s.name)).toEqual(['state', 'portal', 'gateway']);
      await expect(host.startService('portal')).rejects.toThrow(
        `test.example.net: portal is already running (pid ${again.pid})`,
      );
      await expect(host.stopService('nope')).rejects.toThrow('test.example.net runs no service named nope');
    } finally {
      await host.stop();
    }
    expect(host.services).toEqual([]);
    expect(exits).toEqual([]);
  });
});

describe('startHost with a copy already running', () => {
  it('refuses before starting anything, naming the ports in use', async () => {
    const first = await startHost({ configPath, distDir, ...quiet });
    try {
      const { gateway, state } = first.config.listen.health;
      // The fake services hold only their health ports; real ones would hold the IRC port too.
      await expect(startHost({ configPath, distDir, ...quiet })).rejects.toThrow(
        `test.example.net: already in use: ${state.host}:${state.port} (state health), ` +
          `${gateway.host}:${gateway.port} (gateway health) (is another test.example.net running?)`,
      );
      expect(first.services.every((s) => s.isRunning())).toBe(true);
    } finally {
      await first.stop();
    }
  });
});
