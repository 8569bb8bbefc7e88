import { checkFloor, describeFloor } from './floors';

describe('checkFloor', () => {
  const rate = { metric: 'events through one link', better: 'higher', bound: 5000, unit: 'events/s' } as const;
  const time = { metric: 'burst of 1,000 users', better: 'lower', bound: 10_000, unit: 'ms' } as const;

  it('meets a lower bound at or above it and an upper bound at or below it', () => {
    expect(checkFloor(rate, 5000).met).toBe(true);
    expect(checkFloor(rate, 4999).met).toBe(false);
    expect(checkFloor(time, 10_000).met).toBe(true);
    expect(checkFloor(time, 10_001).met).toBe(false);
  });

  it('never takes a missing figure for met', () => {
    expect(checkFloor(rate, Number.NaN).met).toBe(false);
    expect(checkFloor(time, Number.NaN).met).toBe(false);
  });

  it('says the bound, the figure and the verdict', () => {
    expect(describeFloor(checkFloor(rate, 48_213.4))).toBe(
      'floor: events through one link ≥ 5,000 events/s: 48,213 events/s, met',
    );
    expect(describeFloor(checkFloor(time, 12_500))).toBe('floor: burst of 1,000 users ≤ 10,000 ms: 12,500 ms, MISSED');
  });
});
