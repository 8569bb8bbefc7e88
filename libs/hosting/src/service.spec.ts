import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from './service';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hosting-service-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function script(body: string): string {
  const file = join(dir, `service-${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(file, body);
  return file;
}

/** Resolves with the first line `lines` receives that matches. */
function waitForLine(lines: string[], pattern: RegExp, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = lines.find((line) => pattern.test(line));
      if (found) return resolve(found);
      if (Date.now() > deadline) return reject(new Error(`no line matched ${pattern}: ${lines.join(' | ')}`));
      setTimeout(check, 10);
    };
    check();
  });
}

const LONG_RUNNING = `
  console.log(JSON.stringify({ level: 30, msg: 'started', args: process.argv.slice(2).join(' '), flavour: process.env.FLAVOUR }));
  setInterval(() => {}, 1000);
`;

describe('startService', () => {
  it('forwards JSON lines as prefixed pretty lines, with its args and env', async () => {
    const written: string[] = [];
    const service = startService({
      name: 'gateway',
      entry: script(LONG_RUNNING),
      args: ['--config', 'x.yaml'],
      env: { FLAVOUR: 'mint' },
      logPrefix: 'Chatsrv1 gateway',
      write: (line) => written.push(line),
    });
    try {
      expect(await waitForLine(written, /started/)).toBe(
        '[Chatsrv1 gateway] INFO started {"args":"--config x.yaml","flavour":"mint"}',
      );
    } finally {
      await service.stop();
    }
  });

  it('forwards raw JSON when asked and hands every line to onLine', async () => {
    const written: string[] = [];
    const seen: string[] = [];
    const service = startService({
      name: 'state',
      entry: script(`console.error('warning on stderr'); ${LONG_RUNNING}`),
      output: 'json',
      write: (line) => written.push(line),
      onLine: (line, stream) => seen.push(`${stream}: ${line}`),
    });
    try {
      const started = await waitForLine(written, /started/);
      await waitForLine(seen, /^stderr: warning on stderr$/);
      expect(JSON.parse(started)).toMatchObject({ msg: 'started' });
    } finally {
      await service.stop();
    }
  });

  it('stops with SIGTERM', async () => {
    const service = startService({ name: 's', entry: script(LONG_RUNNING), output: 'none' });
    await service.stop();
    expect(await service.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(service.isRunning()).toBe(false);
  });

  it('kills a process that ignores SIGTERM once the grace period is over', async () => {
    const seen: string[] = [];
    const service = startService({
      name: 's',
      entry: script(
        `process.on('SIGTERM', () => console.log('ignoring')); console.log('up'); setInterval(() => {}, 1000);`,
      ),
      output: 'none',
      onLine: (line) => seen.push(line),
      stopGraceMs: 200,
    });
    await waitForLine(seen, /^up$/);
    await service.stop();
    expect(await service.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(seen).toContain('ignoring');
  });

  it('keeps the last lines of a service that crashed', async () => {
    const service = startService({
      name: 's',
      entry: script(`console.error('bad config: server.id: expected integer 1–4095'); process.exit(2);`),
      output: 'none',
    });
    expect(await service.exited).toEqual({ code: 2, signal: null });
    expect(service.recentOutput()).toContain('bad config: server.id');
  });
});
