import { EXCESS_FLOOD, FloodControl } from './flood-control';

const limits = { burst: 3, linesPerSecond: 2, maxQueuedLines: 4 };

function setup() {
  let now = 1_000;
  const flood = new FloodControl<string>(limits, () => now);
  return { flood, advance: (ms: number) => (now += ms) };
}

describe('FloodControl', () => {
  it('lets a burst through at once', () => {
    const { flood } = setup();
    expect(flood.offer('a')).toEqual(['a']);
    expect(flood.offer('b')).toEqual(['b']);
    expect(flood.offer('c')).toEqual(['c']);
  });

  it('holds lines past the burst and releases them at the rate, in order', () => {
    const { flood, advance } = setup();
    ['a', 'b', 'c'].forEach((l) => flood.offer(l));
    expect(flood.offer('d')).toEqual([]);
    expect(flood.offer('e')).toEqual([]);
    expect(flood.heldCount).toBe(2);
    expect(flood.release()).toEqual([]);
    advance(499);
    expect(flood.release()).toEqual([]);
    advance(1); // 2 lines/s: one token per 500 ms
    expect(flood.release()).toEqual(['d']);
    advance(500);
    expect(flood.release()).toEqual(['e']);
    expect(flood.heldCount).toBe(0);
  });

  it('keeps a new line behind held ones even when a token is free', () => {
    const { flood, advance } = setup();
    ['a', 'b', 'c', 'd', 'e'].forEach((l) => flood.offer(l));
    advance(500);
    expect(flood.offer('f')).toEqual(['d']);
    expect(flood.heldCount).toBe(2);
  });

  it('refills no more than the burst after a long silence', () => {
    const { flood, advance } = setup();
    advance(60_000);
    const released = ['a', 'b', 'c', 'd'].flatMap((l) => {
      const r = flood.offer(l);
      return r === EXCESS_FLOOD ? [] : r;
    });
    expect(released).toEqual(['a', 'b', 'c']);
  });

  it('answers Excess Flood once more than maxQueuedLines are held', () => {
    const { flood } = setup();
    const results = Array.from({ length: 8 }, (_, i) => flood.offer(`l${i}`));
    expect(results.slice(0, 7).every((r) => r !== EXCESS_FLOOD)).toBe(true);
    expect(results[7]).toBe(EXCESS_FLOOD);
  });

  it('lets an exempt client (an IRC operator) send without limit', () => {
    const { flood } = setup();
    flood.exempt = true;
    for (let i = 0; i < 100; i++) expect(flood.offer(`l${i}`)).toEqual([`l${i}`]);
  });

  it('releases everything held when the client becomes exempt', () => {
    const { flood } = setup();
    ['a', 'b', 'c', 'd', 'e'].forEach((l) => flood.offer(l));
    flood.exempt = true;
    expect(flood.release()).toEqual(['d', 'e']);
  });
});
