import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, openLogFile } from './logger';

function collect() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, destination: stream as unknown as { write(msg: string): void } };
}

describe('createLogger', () => {
  it('writes JSON lines carrying the service and server ID', async () => {
    const { lines, destination } = collect();
    const logger = createLogger('gateway', { serverId: 10, destination });
    logger.info({ conn: 3 }, 'hello');
    await new Promise((r) => setImmediate(r));
    expect(lines[0]).toMatchObject({ service: 'gateway', serverId: 10, conn: 3, msg: 'hello', level: 30 });
  });

  it('drops lines below the configured level', async () => {
    const { lines, destination } = collect();
    const logger = createLogger('state', { level: 'warn', destination });
    logger.info('quiet');
    logger.warn('loud');
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => l.msg)).toEqual(['loud']);
  });
});

describe('openLogFile', () => {
  it('appends JSON lines to the file and starts a new one on reopen()', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portalchat-log-'));
    try {
      const path = join(dir, 'logs', 'host.log');
      writeFileSyncBefore(path);
      const file = openLogFile(path);
      createLogger('state', { destination: file }).info('first');
      renameSync(path, `${path}.1`);
      file.reopen();
      createLogger('state', { destination: file }).info('second');
      const lines = (p: string) =>
        readFileSync(p, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { msg: string; time: string });
      expect(lines(`${path}.1`).map((l) => l.msg)).toEqual(['earlier', 'first']);
      expect(lines(path).map((l) => l.msg)).toEqual(['second']);
      expect(lines(path)[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A line already in the file: openLogFile must append, not truncate. */
function writeFileSyncBefore(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ msg: 'earlier', time: new Date().toISOString() })}\n`);
}
