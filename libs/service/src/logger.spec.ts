import { Writable } from 'node:stream';
import { createLogger } from './logger';

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
