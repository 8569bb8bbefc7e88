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

  it('takes live events that a burst of thousands overtook, however the gaps stood before it', () => {
    // The leaf-portal restart of the bench: live events 11 numbers long were queued behind the
    // hub's burst, which took the numbers after them and arrived first (docs/perf-notes/portalloss.md).
    for (let before = 1000; before <= 20_000; before += 1000) {
      let t = 0;
      const window = new DedupeWindow(undefined, undefined, () => t);
      let seq = 0;
      for (let i = 0; i < before; i++) {
        seq += 2; // every other number: the rest went to other servers
        window.firstSeen(stamp(seq));
        t += 0.5;
      }
      const queued = Array.from({ length: 11 }, (_, i) => seq + 1 + i);
      for (let i = 0; i < 3637; i++) window.firstSeen(stamp(seq + 12 + i));
      t += 2900;
      expect(queued.map((n) => window.firstSeen(stamp(n)))).toEqual(queued.map(() => true));
    }
  });

  it('closes a gap once a later number came more than the lag bound ago', () => {
    let t = 0;
    const window = new DedupeWindow(undefined, undefined, () => t, 10_000);
    expect(window.firstSeen(stamp(3))).toBe(true); // 1 and 2 still open
    t = 9_000;
    expect(window.firstSeen(stamp(5))).toBe(true);
    expect(window.firstSeen(stamp(2))).toBe(true); // within the bound: late, not lost
    t = 11_000;
    expect(window.firstSeen(stamp(7))).toBe(true); // the check after the bound: 3 came 11 s ago
    expect(window.firstSeen(stamp(1))).toBe(false);
    expect(window.firstSeen(stamp(4))).toBe(true); // below 5, which came only 2 s ago
    expect([3, 5, 7].map((n) => window.firstSeen(stamp(n)))).toEqual([false, false, false]);
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
