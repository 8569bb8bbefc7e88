import { percentile, recoveredAfter, summarizeProbes } from './summary';

describe('password-flood summary', () => {
  it('percentile takes the nearest rank', () => {
    expect(percentile([], 99)).toBe(0);
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(
      percentile(
        [...Array(100).keys()].map((i) => i + 1),
        99,
      ),
    ).toBe(99);
  });

  it('counts an unanswered probe as waiting until the end', () => {
    const probes = [{ sentAt: 0, answeredAt: 2 }, { sentAt: 10 }, { sentAt: 50, answeredAt: 51 }];
    expect(summarizeProbes(probes, 0, 20, 100)).toEqual({ sent: 2, unanswered: 1, p50Ms: 2, p99Ms: 90, maxMs: 90 });
  });

  it('recovery is when the last slow probe was answered, after the flood', () => {
    const probes = [
      { sentAt: 90, answeredAt: 1500 },
      { sentAt: 1000, answeredAt: 1900 },
      { sentAt: 2000, answeredAt: 2001 },
    ];
    expect(recoveredAfter(probes, 1000, 3000, 250)).toBe(900);
    expect(recoveredAfter([{ sentAt: 1100, answeredAt: 1101 }], 1000, 3000, 250)).toBe(0);
  });
});
