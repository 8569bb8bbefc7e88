import { ReceiveCursor, SentLog } from './sequencing';

describe('SentLog', () => {
  it('numbers runs consecutively from 1 and keeps them until acknowledged', () => {
    const log = new SentLog<string>();
    expect(log.append(['a', 'b'])).toBe(1);
    expect(log.append([])).toBe(3);
    expect(log.append(['c'])).toBe(3);
    expect(log.lastNumber).toBe(3);
    expect(log.unacknowledged).toBe(3);
    log.ack(1);
    expect(log.after(0)).toEqual([
      { first: 2, items: ['b'] },
      { first: 3, items: ['c'] },
    ]);
    expect(log.unacknowledged).toBe(2);
    log.ack(3);
    expect(log.after(0)).toEqual([]);
    expect(log.unacknowledged).toBe(0);
  });

  it('gives what is kept after a number, cutting a run in the middle', () => {
    const log = new SentLog<string>();
    log.append(['a', 'b', 'c']);
    log.append(['d']);
    expect(log.after(2)).toEqual([
      { first: 3, items: ['c'] },
      { first: 4, items: ['d'] },
    ]);
    expect(log.after(4)).toEqual([]);
  });

  it('ignores an old or repeated ack and comes back from its data', () => {
    const log = new SentLog<string>();
    log.append(['a', 'b']);
    log.ack(1);
    log.ack(0);
    const copy = new SentLog(structuredClone(log.data()));
    expect(copy.after(0)).toEqual([{ first: 2, items: ['b'] }]);
    expect(copy.append(['c'])).toBe(3);
    expect(copy.unacknowledged).toBe(2);
  });
});

describe('ReceiveCursor', () => {
  it('takes a run in order, skips what was taken, refuses a run past a hole', () => {
    const cursor = new ReceiveCursor();
    expect(cursor.offer(1, 2)).toEqual({ take: true, skip: 0 });
    expect(cursor.offer(2, 3)).toEqual({ take: true, skip: 1 });
    expect(cursor.last).toBe(4);
    expect(cursor.offer(1, 2)).toEqual({ take: true, skip: 2 });
    expect(cursor.last).toBe(4);
    expect(cursor.offer(6, 1)).toEqual({ take: false, gap: true });
    expect(cursor.last).toBe(4);
  });
});
