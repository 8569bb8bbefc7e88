import { PassThrough } from 'node:stream';
import { STANDBY_FIELD, standingByLine, waitForGo } from './standby';

describe('standingByLine', () => {
  it('is one pino-shaped JSON line that says the spare waits', () => {
    const line = standingByLine('state', 10, 420, new Date(Date.UTC(2026, 0, 2)));
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      level: 30,
      time: '2026-01-02T00:00:00.000Z',
      service: 'state',
      serverId: 10,
      [STANDBY_FIELD]: 'waiting',
      warmMs: 420,
      msg: 'state standing by as a warm spare',
    });
  });
});

describe('waitForGo', () => {
  it('resolves go at a go line, even split over chunks and after other lines', async () => {
    const input = new PassThrough();
    const outcome = waitForGo(input);
    input.write('hello\ng');
    input.write('o\n');
    await expect(outcome).resolves.toBe('go');
    expect(input.listenerCount('data')).toBe(0);
  });

  it('resolves ended when stdin ends first: the host is gone', async () => {
    const input = new PassThrough();
    const outcome = waitForGo(input);
    input.end('going\n');
    await expect(outcome).resolves.toBe('ended');
  });

  it('resolves ended when stdin fails', async () => {
    const input = new PassThrough();
    const outcome = waitForGo(input);
    input.destroy(new Error('EPIPE'));
    await expect(outcome).resolves.toBe('ended');
  });
});
