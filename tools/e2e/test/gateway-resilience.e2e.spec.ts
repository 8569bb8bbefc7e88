// The gateway when the rest of its host fails: NATS restarted, state killed and restarted, and a
// second gateway killed and restarted with the same ID. Real processes, raw IRC over TCP.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UNTHROTTLED_CONNECTS, type HostConfig, type HostConfigOverrides } from '@portalchat/config';
import {
  effectiveConfigYaml,
  freePort,
  healthBaseUrl,
  httpStatus,
  isPortOpen,
  OutputMode,
  startHost,
  startNatsServer,
  startService,
  waitReady,
  type RunningHost,
  type RunningNatsServer,
  type RunningService,
} from '@portalchat/hosting';
import { eventually, IrcTestClient, quietPeriod, re, defined } from '@portalchat/testkit';
import { DIST_DIR } from './support/test-host';

const LOOPBACK = '127.0.0.1';
const UNAVAILABLE = 'ERROR :Closing Link: 127.0.0.1 (Chat service unavailable, try again later)';
const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;

/** A host whose processes the test can reach (startTestHost hides them), in a scratch directory. */
interface ResilienceHost {
  running: RunningHost;
  scratch: string;
  irc: { host: string; port: number };
  output: () => string;
  /** Starts another process of the host (a restarted state, a second gateway) with the same log capture. */
  spawn(name: string, entry: string, args: string[]): RunningService;
  stop(): Promise<void>;
}

async function startResilienceHost(): Promise<ResilienceHost> {
  const scratch = mkdtempSync(join(tmpdir(), 'portalchat-resilience-'));
  const configPath = join(scratch, 'host.yaml');
  const irc = { host: LOOPBACK, port: await freePort(LOOPBACK) };
  writeFileSync(
    configPath,
    JSON.stringify({
      server: { name: 'irc.resilience.test', id: 1, description: 'resilience' },
      listen: { irc: [irc] },
      // New clients are refused once state has been away this long (the product's default is 30 s).
      // Every client of the spec is 127.0.0.1, reconnecting often: no connect limits.
      limits: { stateAwaySeconds: 2, ...UNTHROTTLED_CONNECTS },
      // A second gateway of this host (the describe below) gets its own user on the locked bus.
      nats: { gateways: ['gw2'] },
      // The spec matches users' hosts (127.0.0.1); cloaking has its own specs in state.
      cloaking: { enabled: false },
    }),
  );
  const port = async () => ({ host: LOOPBACK, port: await freePort(LOOPBACK) });
  const overrides: HostConfigOverrides = {
    listen: { health: { gateway: await port(), state: await port(), portal: await port() }, portal: await port() },
    nats: { url: `nats://${LOOPBACK}:${await freePort(LOOPBACK)}` },
    dataDir: join(scratch, 'data'),
  };
  let output = '';
  const write = (line: string) => {
    output = (output + line + '\n').slice(-100_000);
  };
  const extra: RunningService[] = [];
  try {
    // The test kills processes and starts their replacements itself: the host must not.
    const running = await startHost({
      configPath,
      overrides,
      distDir: DIST_DIR,
      output: OutputMode.Json,
      write,
      supervision: false,
    });
    return {
      running,
      scratch,
      irc,
      output: () => output,
      spawn(name, entry, args) {
        const service = startService({ name, entry: join(DIST_DIR, entry), args, output: OutputMode.Json, write });
        extra.push(service);
        return service;
      },
      async stop() {
        for (const service of extra.reverse()) await service.stop();
        await running.stop();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    throw err;
  }
}

function service(host: ResilienceHost, name: string): RunningService {
  const found = host.running.services.find((s) => s.name === name);
  if (!found) throw new Error(`no ${name} service in the host`);
  return found;
}

/** SIGKILL: no goodbye to NATS or to clients, as a crash or the OOM killer would do it. */
async function kill(svc: RunningService): Promise<void> {
  svc.child.kill('SIGKILL');
  await svc.exited;
}

async function readyz(baseUrl: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function waitNotReady(baseUrl: string, reason: string, timeoutMs = 5000): Promise<void> {
  let last: unknown;
  await eventually(
    `${baseUrl}/readyz to say "${reason}"`,
    async () => {
      const r = (last = await readyz(baseUrl));
      return r.status === 503 && r.body['reason'] === reason;
    },
    { timeoutMs, intervalMs: 50, detail: () => `last: ${JSON.stringify(last)}` },
  );
}

/** Connects, expects the unavailable ERROR as the only line, then the server's close. */
async function expectRefusedAsUnavailable(irc: { host: string; port: number }): Promise<void> {
  const client = await IrcTestClient.connect(irc);
  try {
    expect(await client.waitFor(/^ERROR /, 3000)).toBe(UNAVAILABLE);
    await client.waitClosed(3000);
    expect(client.lines).toEqual([UNAVAILABLE]);
  } finally {
    client.close();
  }
}

async function registered(
  irc: { host: string; port: number },
  nick: string,
  clients: IrcTestClient[],
): Promise<IrcTestClient> {
  const client = await IrcTestClient.connect(irc);
  clients.push(client);
  await client.register(nick);
  await client.waitFor(/^:\S+ (376|422) /);
  return client;
}

/** The base URL of `service`'s health endpoint (startHost names one for every service it starts). */
function healthUrl(host: ResilienceHost, service: 'gateway' | 'state'): string {
  return defined(host.running.health[service], `a health URL for ${service}`);
}

async function gatewayMetric(host: ResilienceHost, line: RegExp): Promise<number> {
  const text = await (await fetch(`${healthUrl(host, 'gateway')}/metrics`)).text();
  const match = text.split('\n').find((l) => line.test(l));
  return match ? Number(match.split(' ').pop()) : 0;
}

describe('gateway resilience: NATS and state failures (real host)', () => {
  let host: ResilienceHost;
  const clients: IrcTestClient[] = [];
  /** The nats-server started in place of the host's own; the host's stop() does not know it. */
  let restartedNats: RunningNatsServer | undefined;

  beforeAll(async () => {
    host = await startResilienceHost();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await host?.stop();
    await restartedNats?.stop();
  });

  /** The state process the previous test started in place of the host's own. */
  let respawnedState: RunningService | undefined;

  it('survives a NATS restart: clients stay, and what they said meanwhile arrives once', async () => {
    const alice = await registered(host.irc, 'alice', clients);
    const bob = await registered(host.irc, 'bob', clients);
    const { config, nats } = host.running;
    const url = new URL(config.nats.url);
    expect(nats.reused).toBe(false);
    process.kill(defined(nats.pid, 'the pid of the nats-server'), 'SIGTERM'); // the nats-server this host started
    await eventually(
      'the nats-server to be gone',
      async () => !(await isPortOpen(url.hostname, Number(url.port), 200)),
    );
    alice.send('PRIVMSG bob :while NATS is down');

    restartedNats = await startNatsServer({
      host: url.hostname,
      port: Number(url.port),
      jetstream: true,
      storeDir: join(config.dataDir, 'nats'),
      // The same locked bus: the users and passwords the host generated.
      configFile: join(config.dataDir, 'nats', 'auth.conf'),
    });
    expect(await bob.waitFor(/ PRIVMSG bob /, 8000)).toBe(`:${mask('alice')} PRIVMSG bob :while NATS is down`);
    await waitReady(healthUrl(host, 'gateway'), 8000);
    alice.send('PRIVMSG bob :after the restart');
    expect(await bob.waitFor(/ PRIVMSG bob /, 5000)).toBe(`:${mask('alice')} PRIVMSG bob :after the restart`);
    expect(bob.lines.filter((l) => l.endsWith('while NATS is down'))).toHaveLength(1);
    for (const c of [alice, bob]) expect(c.lines.filter((l) => l.startsWith('ERROR'))).toEqual([]);
  }, 20_000);

  it('keeps its clients while state is dead, refuses new ones past stateAwaySeconds, and resumes with the recovered state', async () => {
    const alice = await registered(host.irc, 'alice2', clients);
    const bob = await registered(host.irc, 'bob2', clients);
    await kill(service(host, 'state'));
    alice.send('PRIVMSG bob2 :while state is away');

    await waitNotReady(healthUrl(host, 'gateway'), 'state service not answering');
    await expectRefusedAsUnavailable(host.irc);
    expect(
      await gatewayMetric(host, /^portalchat_gateway_disconnects_total\{.*kind="state_unavailable"/),
    ).toBeGreaterThanOrEqual(1);
    // Existing clients stay while state is away: nobody closed them.
    for (const c of [alice, bob]) expect(c.lines.filter((l) => l.startsWith('ERROR'))).toEqual([]);

    // The new state recovers its history from disk: the clients carry on, and the line said while
    // it was away is delivered.
    const state = host.spawn('state', 'apps/state/main.js', ['--config', host.running.configFile]);
    respawnedState = state;
    await waitReady(healthUrl(host, 'state'), 10_000);
    expect(await bob.waitFor(/ PRIVMSG bob2 /, 5000)).toBe(`:${mask('alice2')} PRIVMSG bob2 :while state is away`);
    await waitReady(healthUrl(host, 'gateway'), 5000);
    const carol = await registered(host.irc, 'carol', clients);
    carol.send('JOIN #after');
    expect(await carol.waitFor(/ JOIN /)).toBe(`:${mask('carol')} JOIN #after`);
    for (const c of [alice, bob]) expect([c.closed, c.lines.filter((l) => l.startsWith('ERROR'))]).toEqual([false, []]);
    expect(state.isRunning()).toBe(true);
  }, 30_000);

  it('closes the clients when state comes back without its history (it never knew them)', async () => {
    const dave = await registered(host.irc, 'dave', clients);
    await kill(respawnedState ?? service(host, 'state'));
    rmSync(join(host.running.config.dataDir, 'state'), { recursive: true, force: true });
    host.spawn('state', 'apps/state/main.js', ['--config', host.running.configFile]);
    expect(await dave.waitFor(/^ERROR /, 10_000)).toBe('ERROR :Closing Link: 127.0.0.1 (Chat service restarted)');
    await dave.waitClosed();
    const erin = await registered(host.irc, 'erin', clients);
    erin.send('JOIN #fresh');
    expect(await erin.waitFor(/ JOIN /)).toBe(`:${mask('erin')} JOIN #fresh`);
  }, 30_000);
});

describe('gateway resilience: a gateway restarted with the same ID (real host, two gateways)', () => {
  let host: ResilienceHost;
  const clients: IrcTestClient[] = [];
  let gw2Irc: { host: string; port: number };
  let gw2Health: string;
  let gw2Config: string;

  /** A second gateway of the same host: the effective config with its own IRC and health ports. */
  async function writeGw2Config(config: HostConfig): Promise<string> {
    gw2Irc = { host: LOOPBACK, port: await freePort(LOOPBACK) };
    const health = { host: LOOPBACK, port: await freePort(LOOPBACK) };
    gw2Health = healthBaseUrl(health);
    const file = join(host.scratch, 'gw2.yaml');
    const gw2: HostConfig = {
      ...config,
      listen: { ...config.listen, irc: [gw2Irc], health: { ...config.listen.health, gateway: health } },
      gateway: { ...config.gateway, id: 'gw2' },
    };
    writeFileSync(file, effectiveConfigYaml(gw2));
    return file;
  }

  const startGw2 = async () => {
    const gw = host.spawn('gw2', 'apps/gateway/main.js', ['--config', gw2Config, '--gateway-id', 'gw2']);
    await waitReady(gw2Health, 10_000);
    return gw;
  };

  beforeAll(async () => {
    host = await startResilienceHost();
    gw2Config = await writeGw2Config(host.running.config);
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('makes state forget the old users: their peers see QUIT "Gateway restarted"', async () => {
    let gw2 = await startGw2();
    const alice = await registered(host.irc, 'alice', clients);
    const bob = await registered(gw2Irc, 'bob', clients);
    for (const c of [alice, bob]) {
      c.send('JOIN #both');
      await c.waitFor(/ 366 /);
    }
    await alice.waitFor(new RegExp(`^:${re(mask('bob'))} JOIN #both$`));

    await kill(gw2);
    await bob.waitClosed();
    // Killed without a word: state cannot know yet, so no QUIT until the new gw2 says hello.
    await quietPeriod(300, "no QUIT for the killed gateway's users before the new gw2 says hello");
    expect(alice.lines.filter((l) => / QUIT /.test(l))).toEqual([]);
    expect(await httpStatus(`${gw2Health}/readyz`)).toBeUndefined();

    gw2 = await startGw2();
    expect(await alice.waitFor(/ QUIT /, 5000)).toBe(`:${mask('bob')} QUIT :Gateway restarted`);
    // The nick is free again, and the new gw2 serves it.
    const bobAgain = await registered(gw2Irc, 'bob', clients);
    bobAgain.send('JOIN #both');
    expect(await alice.waitFor(/ JOIN #both$/)).toBe(`:${mask('bob')} JOIN #both`);
    expect(gw2.isRunning()).toBe(true);
  }, 30_000);
});
