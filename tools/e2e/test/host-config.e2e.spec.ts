// The production run path: `npm run host -- --config host.yaml` runs the host the file describes
// (its ports, NATS, data directory and log settings), keeps its data across a restart, and
// `--check` validates a file without starting anything.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hashPassword } from '@portalchat/config';
import { freePort, isPortOpen } from '@portalchat/hosting';
import { defined, eventually, IrcTestClient } from '@portalchat/testkit';
import { waitUntilGone } from './support/standalone-host';
import { DIST_DIR } from './support/test-host';

const HOST = resolve(DIST_DIR, 'tools/launcher/host.js');
const LAUNCHER = resolve(DIST_DIR, 'tools/launcher/main.js');
const LOOPBACK = '127.0.0.1';

interface Ports {
  irc: number;
  gateway: number;
  state: number;
  control: number;
  nats: number;
}

/** Runs host.js with `args` until its ready line; resolves with the process and the line. */
async function startHost(
  args: string[],
): Promise<{ child: ChildProcess; ready: string; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [HOST, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  defined(child.stdout, "the host's stdout")
    .setEncoding('utf8')
    .on('data', (c: string) => (output += c));
  defined(child.stderr, "the host's stderr")
    .setEncoding('utf8')
    .on('data', (c: string) => (output += c));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const readyLine = () => /^Portalchat host \S+ ready: .*$/m.exec(output)?.[0];
  await eventually('the host to be ready', () => readyLine() !== undefined || child.exitCode !== null, {
    timeoutMs: 20_000,
  });
  if (child.exitCode !== null) throw new Error(`the host exited (${child.exitCode}):\n${output}`);
  return { child, ready: defined(readyLine(), `the ready line in:\n${output}`), output: () => output, exited };
}

describe('npm run host -- --config <file> (a production host)', () => {
  let scratch: string;
  let file: string;
  let ports: Ports;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'portalchat-host-config-'));
    const port = () => freePort(LOOPBACK);
    ports = {
      irc: await port(),
      gateway: await port(),
      state: await port(),
      control: await port(),
      nats: await port(),
    };
    file = join(scratch, 'prod.yaml');
    // JSON is YAML. Relative paths are relative to this file.
    writeFileSync(
      file,
      JSON.stringify({
        server: { name: 'prod.example.net', id: 3 },
        listen: {
          irc: [{ host: LOOPBACK, port: ports.irc }],
          health: { gateway: { port: ports.gateway }, state: { port: ports.state } },
          control: { port: ports.control },
        },
        nats: { url: `nats://${LOOPBACK}:${ports.nats}` },
        dataDir: './data',
        log: { level: 'debug', file: 'logs/host.log' },
        operators: [{ name: 'op', passwordHash: hashPassword('op-secret'), level: 'sysop' }],
        limits: { pingIntervalSeconds: 3600 },
      }),
    );
  });

  afterAll(async () => {
    expect(await waitUntilGone(scratch)).toEqual([]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('--check prints OK for a good file, and each problem with file and field for a bad one, starting nothing', () => {
    const good = spawnSync(process.execPath, [HOST, '--config', file, '--check'], { encoding: 'utf8' });
    expect({ status: good.status, stdout: good.stdout, stderr: good.stderr }).toEqual({
      status: 0,
      stdout: `${file}: OK\n`,
      stderr: '',
    });

    const bad = join(scratch, 'bad.yaml');
    writeFileSync(bad, 'server: { name: bad, id: 0 }\nlimits: { maxConnections: lots }\nlog: { level: loud }\n');
    const result = spawnSync(process.execPath, [HOST, '--config', bad, '--check'], { encoding: 'utf8' });
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 1, stdout: '' });
    expect(result.stderr.trim().split('\n')).toEqual([
      `${bad}: server.id: expected integer 1–4095, got 0`,
      `${bad}: log.level: expected "trace", "debug", "info", "warn", "error", "fatal", "silent", got "loud"`,
      `${bad}: limits.maxConnections: expected integer ≥ 1, got "lots"`,
    ]);

    // npm start checks its files (and the network they form) the same way.
    const network = spawnSync(process.execPath, [LAUNCHER, '--check', file], { encoding: 'utf8' });
    expect({ status: network.status, stdout: network.stdout }).toEqual({ status: 0, stdout: `${file}: OK\n` });
    expect(existsSync(join(scratch, 'data'))).toBe(false);
  });

  it('honours every field of the file, logs to its log file, and keeps a registered channel across a restart', async () => {
    const first = await startHost(['--config', file]);
    const dataDir = join(scratch, 'data');
    expect(first.ready).toBe(
      `Portalchat host prod.example.net ready: irc ${LOOPBACK}:${ports.irc} nats nats://${LOOPBACK}:${ports.nats} ` +
        `health state=http://${LOOPBACK}:${ports.state} gateway=http://${LOOPBACK}:${ports.gateway} ` +
        `control http://${LOOPBACK}:${ports.control} data ${dataDir}`,
    );

    const op = await IrcTestClient.connect({ host: LOOPBACK, port: ports.irc });
    try {
      op.send('IRCX');
      await op.register('keeper');
      op.send('OPER op op-secret');
      await op.waitFor(/ 381 /);
      op.send('JOIN #keep');
      await op.waitFor(/ 366 /);
      op.send('TOPIC #keep :Kept across restarts');
      await op.waitFor(/ TOPIC #keep /);
      op.send('MODE #keep +r');
      await op.waitFor(/ MODE #keep \+r/);
    } finally {
      op.close();
    }
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(await isPortOpen(LOOPBACK, ports.nats)).toBe(false);
    // The data directory is the file's, and it stays.
    expect(readdirSync(join(dataDir, 'channels')).length).toBe(1);
    expect(existsSync(join(dataDir, 'nats'))).toBe(true);

    // The log file holds every process's JSON lines, with timestamps, at the file's level.
    const records = readFileSync(join(scratch, 'logs', 'host.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.every((r) => typeof r['time'] === 'string' && !Number.isNaN(Date.parse(r['time'])))).toBe(true);
    expect(new Set(records.map((r) => r['service']))).toEqual(new Set(['host', 'state', 'gateway']));
    expect(records.some((r) => r['level'] === 20)).toBe(true);
    expect(
      records.some(
        (r) => r['service'] === 'host' && /^prod\.example\.net: state ready \(pid \d+, /.test(String(r['msg'])),
      ),
    ).toBe(true);

    const second = await startHost(['--config', file]);
    const viewer = await IrcTestClient.connect({ host: LOOPBACK, port: ports.irc });
    try {
      await viewer.register('viewer');
      viewer.send('JOIN #keep');
      expect(await viewer.waitFor(/ 332 /)).toBe(':prod.example.net 332 viewer #keep :Kept across restarts');
    } finally {
      viewer.close();
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  }, 60_000);
});
