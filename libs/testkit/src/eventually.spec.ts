import { eventually, quietPeriod } from './eventually';

describe('eventually', () => {
  it('resolves with the first value the probe returns', async () => {
    let calls = 0;
    const value = await eventually('the third call', () => (++calls >= 3 ? `call ${calls}` : undefined), {
      intervalMs: 1,
    });
    expect(value).toBe('call 3');
  });

  it('takes every falsy value as "not yet", as a while (!condition) loop would', async () => {
    const answers: unknown[] = [false, null, undefined, 0, '', 'found'];
    expect(await eventually('a string', () => answers.shift() as string | undefined, { intervalMs: 1 })).toBe('found');
    expect(answers).toEqual([]);
    expect(await eventually('true', () => true)).toBe(true);
  });

  it('awaits an async probe and retries one that throws', async () => {
    let calls = 0;
    const value = await eventually(
      'a service that answers',
      () => (++calls < 3 ? Promise.reject(new Error('connection refused')) : Promise.resolve('ready')),
      { intervalMs: 1 },
    );
    expect(value).toBe('ready');
  });

  it('names what it waited for, the last error and the detail when it gives up', async () => {
    await expect(
      eventually(
        'the moon',
        () => {
          throw new Error('still night');
        },
        { timeoutMs: 30, intervalMs: 5, detail: () => 'saw: stars' },
      ),
    ).rejects.toThrow('timed out after 30 ms waiting for the moon\nlast probe threw: still night\nsaw: stars');
  });

  it('probes once more at the deadline instead of sleeping past it', async () => {
    const started = Date.now();
    await expect(eventually('never', () => false, { timeoutMs: 50, intervalMs: 1000 })).rejects.toThrow(
      'waiting for never',
    );
    expect(Date.now() - started).toBeLessThan(900);
  });
});

describe('quietPeriod', () => {
  it('refuses to wait without a reason', () => {
    expect(() => quietPeriod(10, '')).toThrow('needs the reason');
  });

  it('waits the time it is given', async () => {
    const started = Date.now();
    await quietPeriod(30, 'the spec of the helper itself');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
