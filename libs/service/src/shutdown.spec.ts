import { EventEmitter } from 'node:events';
import { createLogger } from './logger';
import { onShutdown } from './shutdown';

const logger = createLogger('test', { level: 'silent' });

class FakeProcess extends EventEmitter {
  exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('onShutdown', () => {
  it('runs the shutdown once on the first signal, then exits 0', async () => {
    const proc = new FakeProcess();
    const fn = jest.fn(async () => {});
    onShutdown(logger, fn, proc);
    proc.emit('SIGTERM');
    await settle();
    expect(fn).toHaveBeenCalledTimes(1);
    expect(proc.exits).toEqual([0]);
  });

  it('exits at once on a second signal while the shutdown hangs', async () => {
    const proc = new FakeProcess();
    const fn = jest.fn(() => new Promise<void>(() => {}));
    onShutdown(logger, fn, proc);
    proc.emit('SIGINT');
    await settle();
    expect(proc.exits).toEqual([]);
    proc.emit('SIGTERM');
    expect(proc.exits).toEqual([1]);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('exits 1 when the shutdown fails', async () => {
    const proc = new FakeProcess();
    onShutdown(logger, () => Promise.reject(new Error('stuck')), proc);
    proc.emit('SIGINT');
    await settle();
    expect(proc.exits).toEqual([1]);
  });
});
