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

  describe('with pacing', () => {
    const pacing = { busyBelowMs: 1, minGapMs: 1 };

    it('flushes in the next turn while batches start further apart than busyBelowMs', async () => {
      let now = 0;
      const flushes: number[][] = [];
      const batcher = new TickBatcher<number>(
        (items) => flushes.push(items),
        pacing,
        () => now,
      );
      for (let i = 0; i < 5; i++) {
        now += 5;
        batcher.add(i);
        await nextTurn();
      }
      expect(flushes).toEqual([[0], [1], [2], [3], [4]]);
    });

    it('holds a batch until minGapMs after the last flush once batches come faster, so they grow', () => {
      jest.useFakeTimers({ doNotFake: ['performance'] });
      try {
        let now = 0;
        const flushes: number[][] = [];
        const batcher = new TickBatcher<number>(
          (items) => flushes.push(items),
          pacing,
          () => now,
        );
        // A storm: a new batch every 0.1 ms of the (injected) clock.
        for (let i = 0; i < 400; i++) {
          now += 0.1;
          batcher.add(i);
          if (i % 4 === 3) jest.advanceTimersByTime(0); // the turn's setImmediate, or nothing while held
        }
        jest.runOnlyPendingTimers();
        expect(flushes.flat()).toEqual(Array.from({ length: 400 }, (_, i) => i));
        // Without pacing: a hundred flushes of four. Once the average gap between batch starts
        // falls under 1 ms (a few dozen batches), held batches merge.
        expect(flushes.length).toBeLessThan(60);
      } finally {
        jest.useRealTimers();
      }
    });
  });
});
