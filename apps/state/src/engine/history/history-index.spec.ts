import type { HistoryEntry } from './entry';
import { HistoryIndex } from './history-index';

const LIMITS = { maxMessages: 1000, maxAgeSeconds: 3600, maxBytes: 1 << 20 };

function entry(msgid: string, time: number, key = '#c'): HistoryEntry {
  return { key, msgid, time, command: 'PRIVMSG', prefix: 'a!a@h', params: [key, msgid], from: 'U1' };
}

const ids = (index: HistoryIndex, key = '#c') => index.target(key)?.list.map((e) => e.msgid) ?? [];

describe('HistoryIndex', () => {
  it('orders a target by (time, msgid) whatever the arrival order, and ignores a msgid it holds', () => {
    const index = new HistoryIndex(LIMITS);
    expect(index.add(entry('b', 20), 20)).toBe(true);
    index.add(entry('c', 30), 30);
    index.add(entry('a', 10), 30); // a late remote event
    index.add(entry('a2', 20), 30); // same time as b: msgid decides
    expect(index.add(entry('b', 20), 30)).toBe(false);
    expect(ids(index)).toEqual(['a', 'a2', 'b', 'c']);
    expect(index.size).toBe(4);
  });

  it('drops the oldest past maxMessages, maxAgeSeconds and maxBytes', () => {
    const byCount = new HistoryIndex({ ...LIMITS, maxMessages: 2 });
    for (const [i, id] of ['x', 'y', 'z'].entries()) byCount.add(entry(id, i), i);
    expect(ids(byCount)).toEqual(['y', 'z']);

    const byAge = new HistoryIndex({ ...LIMITS, maxAgeSeconds: 10 });
    byAge.add(entry('old', 0), 0);
    byAge.add(entry('new', 10_001), 10_001);
    expect(ids(byAge)).toEqual(['new']);

    const byBytes = new HistoryIndex({ ...LIMITS, maxBytes: 300 });
    for (const id of ['p', 'q', 'r']) byBytes.add(entry(id, 1), 1);
    expect(ids(byBytes).length).toBeLessThan(3);
    expect(ids(byBytes).at(-1)).toBe('r');
  });

  it('hands new entries and redactions to the adapter once; loaded ones are not handed back', () => {
    const index = new HistoryIndex(LIMITS);
    index.add(entry('m1', 1), 1);
    index.add(entry('loaded', 2), 2, false);
    index.redact('#c', 'm1');
    expect(index.drainPending().map((r) => (r.type === 'add' ? `add ${r.entry.msgid}` : `redact ${r.msgid}`))).toEqual([
      'add m1',
      'redact m1',
    ]);
    expect(index.drainPending()).toEqual([]);
    expect(ids(index)).toEqual(['loaded']);
  });
});
