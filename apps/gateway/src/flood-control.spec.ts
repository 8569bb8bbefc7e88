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

describe('FloodControl with IRCX LAG', () => {
  /** Items starting with "M" are messages (the gateway passes isMessageLine). */
  function lagged(lagMs: number) {
    let now = 1_000;
    const flood = new FloodControl<string>(
      { burst: 10, linesPerSecond: 10, maxQueuedLines: 5 },
      () => now,
      (item) => item.startsWith('M'),
    );
    flood.lagMs = lagMs;
    return { flood, advance: (ms: number) => (now += ms) };
  }

  it('spaces messages lagMs apart and keeps other lines in order behind a held one', () => {
    const { flood, advance } = lagged(2000);
    expect(flood.offer('M1')).toEqual(['M1']);
    expect(flood.offer('PING')).toEqual(['PING']);
    expect(flood.offer('M2')).toEqual([]);
    expect(flood.offer('JOIN')).toEqual([]);
    advance(1999);
    expect(flood.release()).toEqual([]);
    advance(1);
    expect(flood.release()).toEqual(['M2', 'JOIN']);
    advance(500);
    expect(flood.offer('M3')).toEqual([]);
    advance(1500);
    expect(flood.release()).toEqual(['M3']);
  });

  it('counts held messages against maxQueuedLines', () => {
    const { flood } = lagged(1000);
    flood.offer('M0');
    for (let i = 1; i <= 5; i++) expect(flood.offer(`M${i}`)).toEqual([]);
    expect(flood.offer('M6')).toBe(EXCESS_FLOOD);
  });

  it('releases everything once the LAG is back to 0', () => {
    const { flood } = lagged(2000);
    flood.offer('M1');
    flood.offer('M2');
    flood.lagMs = 0;
    expect(flood.release()).toEqual(['M2']);
  });

  it('does not slow IRC operators', () => {
    const { flood } = lagged(2000);
    flood.exempt = true;
    expect(flood.offer('M1')).toEqual(['M1']);
    expect(flood.offer('M2')).toEqual(['M2']);
  });
});
