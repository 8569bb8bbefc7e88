import { HoldBuffer } from './hold-buffer';
import type { WireEvent } from './wire-event';

const wire = (seq: number, json = `{"n":${seq}}`): WireEvent => ({ origin: 12, epoch: 1, seq, targets: [], json });
const seqs = (events: readonly WireEvent[]) => events.map((e) => e.seq);

describe('HoldBuffer', () => {
  it('hands back what is owed to servers reachable again, in the order it came, targets narrowed', () => {
    const hold = new HoldBuffer({ maxEvents: 10, maxBytes: 10_000 });
    hold.add(wire(1), [10]);
    hold.add(wire(2), [11]);
    hold.add(wire(3), [10, 11]);
    hold.add(wire(4), [10]);
    const back = hold.release((id) => id === 10, true);
    expect(back.map((e) => [e.seq, e.targets])).toEqual([
      [1, [10]],
      [3, [10]],
      [4, [10]],
    ]);
    expect(hold.size).toBe(2);
    expect(hold.release((id) => id === 10, true)).toEqual([]);
    expect(seqs(hold.release(() => true, true))).toEqual([2, 3]);
    expect(hold.size).toBe(0);
    expect(hold.bytes).toBe(0);
  });

  it('keeps nothing for nobody', () => {
    const hold = new HoldBuffer({ maxEvents: 10, maxBytes: 10_000 });
    expect(hold.add(wire(1), [])).toEqual({ dropped: 0, firstOverflow: false });
    expect(hold.size).toBe(0);
  });

  it('drops the oldest past the count or the bytes, and says so first once per hold', () => {
    const hold = new HoldBuffer({ maxEvents: 3, maxBytes: 100 });
    for (const seq of [1, 2, 3]) expect(hold.add(wire(seq), [10]).dropped).toBe(0);
    expect(hold.add(wire(4), [10])).toEqual({ dropped: 1, firstOverflow: true });
    expect(hold.add(wire(5), [10])).toEqual({ dropped: 1, firstOverflow: false });
    // 90 bytes more: the count drops one, the bytes one more (7 bytes each before).
    expect(hold.add(wire(6, 'x'.repeat(90)), [10])).toEqual({ dropped: 2, firstOverflow: false });
    expect(hold.bytes).toBeLessThanOrEqual(100);
    expect(seqs(hold.release(() => true, true))).toEqual([5, 6]);
    // Emptied: the next overflow is news again.
    for (const seq of [7, 8, 9]) hold.add(wire(seq), [10]);
    expect(hold.add(wire(10), [10])).toEqual({ dropped: 1, firstOverflow: true });
  });

  it('drops an event too big to hold at all', () => {
    const hold = new HoldBuffer({ maxEvents: 3, maxBytes: 10 });
    expect(hold.add(wire(1, 'x'.repeat(11)), [10]).dropped).toBe(1);
    expect(hold.size).toBe(0);
  });

  it('forgets what was owed to servers whose split is announced, counting the events dropped whole', () => {
    const hold = new HoldBuffer({ maxEvents: 10, maxBytes: 10_000 });
    hold.add(wire(1), [10]);
    hold.add(wire(2), [10, 11]);
    hold.add(wire(3), 'all');
    expect(hold.forget((id) => id === 10)).toBe(1);
    expect(hold.release((id) => id === 10, true).map((e) => [e.seq, e.targets])).toEqual([[3, []]]);
    expect(hold.release((id) => id === 11, true).map((e) => [e.seq, e.targets])).toEqual([[2, [11]]]);
  });

  it('keeps an event for everyone until some server is reachable, and drops it when told to', () => {
    const hold = new HoldBuffer({ maxEvents: 10, maxBytes: 10_000 });
    hold.add(wire(1), 'all');
    expect(hold.release(() => false, false)).toEqual([]);
    expect(hold.forget(() => true)).toBe(0);
    expect(hold.forget(() => true, true)).toBe(1);
    expect(hold.size).toBe(0);
  });

  it('stays in order across many drops and releases (the front is compacted)', () => {
    const hold = new HoldBuffer({ maxEvents: 2000, maxBytes: 1_000_000 });
    for (let seq = 1; seq <= 5000; seq++) hold.add(wire(seq), [seq % 2 === 0 ? 10 : 11]);
    expect(hold.size).toBe(2000);
    const tens = hold.release((id) => id === 10, true);
    expect(seqs(tens)).toEqual(Array.from({ length: 1000 }, (_, i) => 3002 + 2 * i));
    expect(seqs(hold.release(() => true, true))).toEqual(Array.from({ length: 1000 }, (_, i) => 3001 + 2 * i));
  });
});
