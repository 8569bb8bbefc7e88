import { backoffMs } from './dialer';

describe('backoffMs', () => {
  it('doubles from 250 ms and stops at the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 100].map((a) => backoffMs(a))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });
});
