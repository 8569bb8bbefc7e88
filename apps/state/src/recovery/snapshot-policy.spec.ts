import { snapshotDueAtTick, type SnapshotClock } from './snapshot-policy';

const EVERY_MS = 30_000;
const clock = (c: Partial<SnapshotClock>): SnapshotClock => ({
  handlingMsSinceSnapshot: 0,
  handlingMsThisTick: 0,
  recordsSinceSnapshot: 0,
  msSinceSnapshot: 0,
  ...c,
});

describe('snapshotDueAtTick', () => {
  it('takes one when a storm has ended: work left unsnapshotted, the last tick nearly idle', () => {
    expect(
      snapshotDueAtTick(
        clock({ handlingMsSinceSnapshot: 600, handlingMsThisTick: 3, recordsSinceSnapshot: 900 }),
        EVERY_MS,
      ),
    ).toBe('idle');
  });

  it('not while state is busy, nor for a little work', () => {
    // Steady chat: 50 ms of handling a second.
    expect(
      snapshotDueAtTick(
        clock({
          handlingMsSinceSnapshot: 600,
          handlingMsThisTick: 50,
          recordsSinceSnapshot: 900,
          msSinceSnapshot: 12_000,
        }),
        EVERY_MS,
      ),
    ).toBeUndefined();
    expect(
      snapshotDueAtTick(
        clock({
          handlingMsSinceSnapshot: 40,
          handlingMsThisTick: 1,
          recordsSinceSnapshot: 30,
          msSinceSnapshot: 12_000,
        }),
        EVERY_MS,
      ),
    ).toBeUndefined();
  });

  it('takes one every everyMs when anything changed, and never for nothing', () => {
    expect(
      snapshotDueAtTick(
        clock({
          handlingMsSinceSnapshot: 40,
          handlingMsThisTick: 30,
          recordsSinceSnapshot: 30,
          msSinceSnapshot: EVERY_MS,
        }),
        EVERY_MS,
      ),
    ).toBe('periodic');
    expect(snapshotDueAtTick(clock({ msSinceSnapshot: 10 * EVERY_MS }), EVERY_MS)).toBeUndefined();
  });
});
