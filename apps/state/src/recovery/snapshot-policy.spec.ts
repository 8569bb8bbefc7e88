import { BUSY_SNAPSHOT_EVERY_MS, snapshotDueAtTick, type SnapshotClock } from './snapshot-policy';

const EVERY_MS = 30_000;
const due = (c: Partial<SnapshotClock>) =>
  snapshotDueAtTick(
    { handlingMsSinceSnapshot: 0, handlingMsThisTick: 0, recordsSinceSnapshot: 0, msSinceSnapshot: 0, ...c },
    EVERY_MS,
  );

describe('snapshotDueAtTick', () => {
  it('takes one when a storm has ended: work left unsnapshotted, the last tick nearly idle', () => {
    expect(
      due({ handlingMsSinceSnapshot: 600, handlingMsThisTick: 3, recordsSinceSnapshot: 900, msSinceSnapshot: 500 }),
    ).toBe('idle');
  });

  it('takes one while busy once BUSY_SNAPSHOT_EVERY_MS passed, not sooner', () => {
    // Steady chat: 50 ms of handling a second.
    const chat = { handlingMsSinceSnapshot: 150, handlingMsThisTick: 50, recordsSinceSnapshot: 300 };
    expect(due({ ...chat, msSinceSnapshot: BUSY_SNAPSHOT_EVERY_MS - 1 })).toBeUndefined();
    expect(due({ ...chat, msSinceSnapshot: BUSY_SNAPSHOT_EVERY_MS })).toBe('busy');
  });

  it('not for a little work, idle or not', () => {
    expect(
      due({ handlingMsSinceSnapshot: 40, handlingMsThisTick: 1, recordsSinceSnapshot: 30, msSinceSnapshot: 12_000 }),
    ).toBeUndefined();
    expect(
      due({ handlingMsSinceSnapshot: 40, handlingMsThisTick: 30, recordsSinceSnapshot: 30, msSinceSnapshot: 12_000 }),
    ).toBeUndefined();
  });

  it('takes one every everyMs when anything changed, and never for nothing', () => {
    expect(
      due({ handlingMsSinceSnapshot: 40, handlingMsThisTick: 30, recordsSinceSnapshot: 30, msSinceSnapshot: EVERY_MS }),
    ).toBe('periodic');
    expect(due({ msSinceSnapshot: 10 * EVERY_MS })).toBeUndefined();
  });
});
