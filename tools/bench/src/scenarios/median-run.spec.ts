import { medianRepeat } from './median-run';

const run = (name: string, p99Ms: number, loss = 0) => ({ name, loss, latency: { p99Ms } });

describe('medianRepeat', () => {
  it('takes the repeat with the middle p99, whatever the order', () => {
    expect(medianRepeat([run('a', 120), run('b', 8), run('c', 40)]).name).toBe('c');
    expect(medianRepeat([run('a', 8), run('b', 40), run('c', 120)]).name).toBe('b');
  });

  it('passes a step when two of three repeats pass, and fails it when only one does', () => {
    // One slow repeat does not fail the step…
    expect(medianRepeat([run('a', 9), run('b', 450), run('c', 11)]).latency.p99Ms).toBe(11);
    // …and one fast repeat does not pass it.
    expect(medianRepeat([run('a', 9), run('b', 450), run('c', 300)]).latency.p99Ms).toBe(300);
  });

  it('ranks a repeat that lost messages worst, however low its p99', () => {
    expect(medianRepeat([run('lossy', 2, 5), run('b', 30), run('c', 60)]).name).toBe('c');
    expect(medianRepeat([run('lossy', 2, 5), run('lossy2', 3, 1), run('c', 60)]).loss).toBeGreaterThan(0);
  });

  it('takes the better middle repeat of an even count, and a single repeat as it is', () => {
    expect(medianRepeat([run('a', 50), run('b', 10), run('c', 90), run('d', 20)]).name).toBe('d');
    expect(medianRepeat([run('only', 70)]).name).toBe('only');
    expect(() => medianRepeat([])).toThrow('at least one repeat');
  });
});
