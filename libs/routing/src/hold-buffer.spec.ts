import { HoldBuffer } from './hold-buffer';
import type { WireEvent } from './wire-event';

const wire = (seq: number, json = `{"n":${seq}}`): WireEvent => ({ origin: 12, epoch: 1, seq, targets: [], json });
const seqs = (events: readonly WireEvent[]) => events.map((e) => e.seq);
const limits = { maxEvents: 10, maxBytes: 10_000 };
/** Every server a direct peer, as for a hub. */
const direct = () => true;

describe('HoldBuffer', () => {
  it('hands back what is owed to servers reachable again, in the order it came, targeted at them', () => {
    const hold = new HoldBuffer(limits);
    hold.add(wire(1), [10]);
    hold.add(wire(2), [11]);
    hold.add(wire(3), [10]);
    expect(hold.release([10], direct).map((e) => [e.seq, e.targets])).toEqual([
      [1, [10]],
      [3, [10]],
    ]);
    expect(hold.size).toBe(1);
    expect(hold.release([10], direct)).toEqual([]);
    expect(seqs(hold.release([10, 11], direct))).toEqual([2]);
    expect(hold.size).toBe(0);
    expect(hold.bytes).toBe(0);
  });

  it('gives each direct peer its own copy when it is back, and servers further away go with the first one', () => {
    const hold = new HoldBuffer(limits);
    hold.add(wire(1), [10, 11, 13]);
    // 10 and 11 are peers, 13 lies behind one of them: the portal there holds it for 13.
    const peers = (id: number) => id !== 13;
    expect(hold.release([10], peers).map((e) => [e.seq, e.targets])).toEqual([[1, [10, 13]]]);
    expect(hold.release([10, 13], peers)).toEqual([]);
    expect(hold.release([10, 11, 13], peers).map((e) => [e.seq, e.targets])).toEqual([[1, [11]]]);
    expect(hold.size).toBe(0);
  });

  it('keeps nothing for nobody', () => {
    const hold = new HoldBuffer(limits);
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
    expect(seqs(hold.release([10], direct))).toEqual([5, 6]);
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
    const hold = new HoldBuffer(limits);
    hold.add(wire(1), [10]);
    hold.add(wire(2), [10, 11]);
    expect(hold.forget((id) => id === 10)).toBe(1);
    expect(hold.release([10], direct)).toEqual([]);
    expect(hold.release([11], direct).map((e) => [e.seq, e.targets])).toEqual([[2, [11]]]);
  });

  it('after a start, gives an event for everyone to each server as it appears, until the start is over', () => {
    const hold = new HoldBuffer(limits);
    hold.addForAll(wire(1), [12]);
    hold.addForAll(wire(2), []);
    expect(hold.release([], direct)).toEqual([]);
    expect(hold.release([10], direct).map((e) => [e.seq, e.targets])).toEqual([
      [1, [10]],
      [2, [10]],
    ]);
    expect(hold.release([10, 11], direct).map((e) => [e.seq, e.targets])).toEqual([
      [1, [11]],
      [2, [11]],
    ]);
    expect(hold.forget(() => true)).toBe(0);
    expect(hold.size).toBe(2);
    // Over: what reached somebody is not counted as dropped.
    hold.addForAll(wire(3), []);
    expect(hold.forget(() => true, true)).toBe(1);
    expect(hold.size).toBe(0);
  });

  it('stays in order across many drops and releases (the front is compacted)', () => {
    const hold = new HoldBuffer({ maxEvents: 2000, maxBytes: 1_000_000 });
    for (let seq = 1; seq <= 5000; seq++) hold.add(wire(seq), [seq % 2 === 0 ? 10 : 11]);
    expect(hold.size).toBe(2000);
    expect(seqs(hold.release([10], direct))).toEqual(Array.from({ length: 1000 }, (_, i) => 3002 + 2 * i));
    expect(seqs(hold.release([10, 11], direct))).toEqual(Array.from({ length: 1000 }, (_, i) => 3001 + 2 * i));
  });
});
