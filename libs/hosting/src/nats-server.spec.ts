import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNatsServer, natsServerEnv, startNatsServer } from './nats-server';
import { freePort, isPortOpen } from './ports';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hosting-nats-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fakeBinary(name: string, script: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('findNatsServer', () => {
  it('takes the first nats-server on PATH', () => {
    const binary = fakeBinary('nats-server', 'exit 0');
    expect(findNatsServer(`/nonexistent:${dir}`, [])).toBe(binary);
  });

  it('falls back to the Debian location when PATH has none', () => {
    const fallback = fakeBinary('debian-nats-server', 'exit 0');
    expect(findNatsServer('/nonexistent', [fallback])).toBe(fallback);
  });

  it('names the apt command when it is nowhere', () => {
    expect(() => findNatsServer('/nonexistent', [join(dir, 'missing')])).toThrow(
      'nats-server not found: install it with "sudo apt-get install -y nats-server"',
    );
  });
});

describe('natsServerEnv', () => {
  it('runs nats-server on one scheduler thread by default and keeps the rest of the environment', () => {
    const env = natsServerEnv({ PATH: '/usr/bin' });
    expect(env['GOMAXPROCS']).toBe('1');
    expect(env['PATH']).toBe('/usr/bin');
  });

  it("keeps an operator's own GOMAXPROCS", () => {
    expect(natsServerEnv({ GOMAXPROCS: '4' })['GOMAXPROCS']).toBe('4');
  });
});

describe('startNatsServer', () => {
  it('serves on the port it was given and is gone after stop()', async () => {
    const port = await freePort('127.0.0.1');
    const server = await startNatsServer({ host: '127.0.0.1', port, jetstream: true, storeDir: join(dir, 'js') });
    expect(server.url).toBe(`nats://127.0.0.1:${port}`);
    expect(await isPortOpen('127.0.0.1', port)).toBe(true);
    // The process really got the environment natsServerEnv describes.
    const environ = readFileSync(`/proc/${server.pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain(process.env['GOMAXPROCS'] ? `GOMAXPROCS=${process.env['GOMAXPROCS']}` : 'GOMAXPROCS=1');
    await server.stop();
    expect(await isPortOpen('127.0.0.1', port)).toBe(false);
    expect(isAlive(server.pid)).toBe(false);
  });

  it('rejects with the end of its output when it exits early', async () => {
    const binary = fakeBinary('broken-nats', 'echo "[FTL] cannot open store" >&2; exit 3');
    const port = await freePort('127.0.0.1');
    await expect(startNatsServer({ host: '127.0.0.1', port, binary })).rejects.toThrow(
      /exited early \(code 3\):\n\[FTL\] cannot open store/,
    );
  });

  it('refuses a port that is already taken', async () => {
    const port = await freePort('127.0.0.1');
    const first = await startNatsServer({ host: '127.0.0.1', port });
    try {
      await expect(startNatsServer({ host: '127.0.0.1', port })).rejects.toThrow(`127.0.0.1:${port} is already in use`);
    } finally {
      await first.stop();
    }
  });
});
