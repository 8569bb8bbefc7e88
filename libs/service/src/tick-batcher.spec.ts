import { TickBatcher } from './tick-batcher';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TickBatcher', () => {
  it('flushes everything added in one turn with a single call', async () => {
    const flushes: number[][] = [];
    const batcher = new TickBatcher<number>((items) => flushes.push(items));
    batcher.add(1);
    batcher.add(2);
    batcher.add(3);
    expect(flushes).toEqual([]);
    await nextTurn();
    expect(flushes).toEqual([[1, 2, 3]]);
  });

  it('starts a new batch for items added in a later turn', async () => {
    const flushes: string[][] = [];
    const batcher = new TickBatcher<string>((items) => flushes.push(items));
    batcher.add('a');
    await nextTurn();
    batcher.add('b');
    batcher.add('c');
    await nextTurn();
    expect(flushes).toEqual([['a'], ['b', 'c']]);
  });

  it('does not call flush when nothing was added', async () => {
    const flush = jest.fn();
    const batcher = new TickBatcher<number>(flush);
    batcher.flushNow();
    await nextTurn();
    expect(flush).not.toHaveBeenCalled();
  });

  it('flushNow empties the batch at once and cancels the scheduled flush', async () => {
    const flushes: number[][] = [];
    const batcher = new TickBatcher<number>((items) => flushes.push(items));
    batcher.add(7);
    expect(batcher.size).toBe(1);
    batcher.flushNow();
    expect(flushes).toEqual([[7]]);
    await nextTurn();
    expect(flushes).toEqual([[7]]);
    expect(batcher.size).toBe(0);
  });
});
