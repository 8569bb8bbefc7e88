import { nextRedialMs, redialCapMs } from './dialer';

/** The waits of `n` failed dials in a row, with `random` as the source. */
function waits(n: number, random: () => number, capMs?: number): number[] {
  const out: number[] = [];
  let last: number | undefined;
  for (let i = 0; i < n; i++) {
    last = nextRedialMs(last, random, capMs);
    out.push(last);
  }
  return out;
}

describe('nextRedialMs', () => {
  it('never waits less than the base: a peer that refuses at once is not redialed in a tight loop', () => {
    expect(waits(5, () => 0)).toEqual([250, 250, 250, 250, 250]);
  });

  it('grows up to three times the last wait and stops at the cap', () => {
    const highest = () => 0.999999;
    expect(waits(6, highest)).toEqual([750, 2250, 5000, 5000, 5000, 5000]);
    expect(waits(3, highest, 300)).toEqual([300, 300, 300]);
  });

  it('spreads the dials of servers that lost the same peer at the same moment', () => {
    // Two leaves of a restarted hub, with different random draws, do not dial in step.
    const leafA = waits(4, () => 0.2);
    const leafB = waits(4, () => 0.7);
    expect(leafA).toEqual([350, 410, 446, 468]);
    expect(leafB).toEqual([600, 1335, 2879, 5000]);
  });

  it('stays between the base and the cap whatever the random source gives', () => {
    let seed = 7;
    const lcg = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    let last: number | undefined;
    for (let i = 0; i < 200; i++) {
      const wait = nextRedialMs(last, lcg);
      expect(wait).toBeGreaterThanOrEqual(250);
      expect(wait).toBeLessThanOrEqual(Math.min(5000, 3 * (last ?? 250)));
      last = wait;
    }
  });
});

describe('redialCapMs', () => {
  it('waits at most a second in the first 10 s after a link that was up ended, then the full cap', () => {
    expect(redialCapMs(0)).toBe(1000);
    expect(redialCapMs(9_999)).toBe(1000);
    expect(redialCapMs(10_000)).toBe(5000);
    expect(redialCapMs(undefined)).toBe(5000); // never up: the peer may be down for long
    expect(redialCapMs(0, 500)).toBe(500); // a lower configured cap stays
  });
});
