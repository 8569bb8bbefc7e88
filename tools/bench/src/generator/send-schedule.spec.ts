import { dueBy, senderPhase } from './send-schedule';

describe('dueBy', () => {
  const senders = 100;
  const phases = Array.from({ length: senders }, (_, i) => senderPhase(i, senders));
  const dueAt = (ms: number, rate: number, total = 1000) =>
    phases.reduce((sum, p) => sum + dueBy(ms, rate, p, total), 0);

  it('has no sender due at the start of a phase, so there is no opening burst', () => {
    expect(dueAt(0, 10)).toBe(0);
  });

  it('spreads the first interval evenly: a tenth of the interval releases about a tenth of the senders', () => {
    // 10/s: the interval is 100 ms; after 10 ms, the senders whose phase is ≥ 0.9 are due.
    expect(dueAt(10, 10)).toBe(10);
    expect(dueAt(50, 10)).toBe(50);
    expect(dueAt(99.9, 10)).toBe(99);
  });

  it('reaches the offered rate: rate × seconds per sender by the end of the phase', () => {
    expect(dueBy(10_000, 10, 0, 100)).toBe(100);
    expect(dueBy(10_000, 10, 0.99, 100)).toBe(100);
    expect(dueAt(1000, 40, 10_000)).toBe(40 * senders);
  });

  it('never exceeds the total', () => {
    expect(dueBy(60_000, 10, 0.5, 100)).toBe(100);
  });
});
