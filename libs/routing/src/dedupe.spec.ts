import { DedupeWindow } from './dedupe';

const stamp = (seq: number, origin = 10, epoch = 1000) => ({ origin, epoch, seq });

describe('DedupeWindow', () => {
  it('passes a stamp the first time and drops its repeats', () => {
    const window = new DedupeWindow();
    expect(window.firstSeen(stamp(1))).toBe(true);
    expect(window.firstSeen(stamp(1))).toBe(false);
    expect(window.firstSeen(stamp(2))).toBe(true);
  });

  it('keeps origins and epochs apart', () => {
    const window = new DedupeWindow();
    expect(window.firstSeen(stamp(1, 10, 1000))).toBe(true);
    expect(window.firstSeen(stamp(1, 11, 1000))).toBe(true);
    expect(window.firstSeen(stamp(1, 10, 2000))).toBe(true);
    expect(window.firstSeen(stamp(1, 10, 2000))).toBe(false);
  });

  it('accepts events out of order and across gaps', () => {
    const window = new DedupeWindow();
    expect(window.firstSeen(stamp(5))).toBe(true);
    expect(window.firstSeen(stamp(2))).toBe(true);
    expect(window.firstSeen(stamp(1))).toBe(true);
    expect(window.firstSeen(stamp(3))).toBe(true);
    expect([1, 2, 3, 5].map((s) => window.firstSeen(stamp(s)))).toEqual([false, false, false, false]);
    expect(window.firstSeen(stamp(4))).toBe(true);
  });

  it('stays bounded when gaps never close, treating the oldest gaps as seen', () => {
    const window = new DedupeWindow(8);
    for (let seq = 2; seq <= 40; seq += 2) expect(window.firstSeen(stamp(seq))).toBe(true);
    // Seq 1 fell below the folded floor; recent gaps are still open.
    expect(window.firstSeen(stamp(1))).toBe(false);
    expect(window.firstSeen(stamp(39))).toBe(true);
    expect(window.firstSeen(stamp(40))).toBe(false);
  });

  it('forgets the oldest epoch of an origin and drops events of older epochs', () => {
    const window = new DedupeWindow(16, 2);
    window.firstSeen(stamp(1, 10, 1));
    window.firstSeen(stamp(1, 10, 2));
    window.firstSeen(stamp(1, 10, 3));
    expect(window.firstSeen(stamp(2, 10, 1))).toBe(false);
    expect(window.firstSeen(stamp(2, 10, 2))).toBe(true);
  });
});
