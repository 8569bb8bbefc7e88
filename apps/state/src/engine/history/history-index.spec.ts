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

  it('keeps one busy target right while its oldest entries are evicted one by one (the front is cut off in batches)', () => {
    const index = new HistoryIndex({ ...LIMITS, maxMessages: 200 });
    for (let i = 0; i < 1000; i++) index.add(entry(`m${String(i).padStart(4, '0')}`, i), i);
    const kept = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => `m${String(from + k).padStart(4, '0')}`);
    expect(ids(index)).toEqual(kept(800, 1000));
    index.redact('#c', 'm0900');
    index.add(entry('late', 850), 1000); // older than most kept: sorted in among them
    index.add(entry('m1000', 1000), 1000);
    const expected = [...kept(801, 850), 'late', ...kept(850, 900), ...kept(901, 1001)];
    expect(ids(index)).toEqual(expected);
    expect(index.size).toBe(200);
    expect(index.burstView(() => true, 3).entries.map((e) => e.msgid)).toEqual(['m0998', 'm0999', 'm1000']);
    expect([...index.latestByTarget()].map(([key, e]) => `${key} ${e.msgid}`)).toEqual(['#c m1000']);
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

  it('issue 13: keeps the same newest entries after a restart stored the journal before the older stream', () => {
    const limits = { ...LIMITS, maxMessages: 4 };
    const live = new HistoryIndex(limits);
    for (let t = 1; t <= 6; t++) live.add(entry(`m${t}`, t), t);
    // After a restart: the journal (since the snapshot) replays m5 and m6 first, then the stream
    // loads what it holds (m3..m6, its own count limit), older ones last.
    const restarted = new HistoryIndex(limits);
    for (const t of [5, 6]) restarted.add(entry(`m${t}`, t), t);
    for (const t of [3, 4, 5, 6]) restarted.add(entry(`m${t}`, t), t, false);
    expect(ids(restarted)).toEqual(ids(live));
    // New lines push out the oldest by time on both, not the journal's lines stored first.
    for (const index of [live, restarted]) for (const t of [7, 8]) index.add(entry(`m${t}`, t), t);
    expect(ids(restarted)).toEqual(['m5', 'm6', 'm7', 'm8']);
    expect(ids(restarted)).toEqual(ids(live));
  });

  it("#15: evicts the oldest first when other servers' entries arrive late, older than ours", () => {
    const index = new HistoryIndex({ ...LIMITS, maxMessages: 3 });
    // Local entries at 100, 101, …; a peer's entries, stamped earlier, arrive after them.
    index.add(entry('l1', 100), 100);
    index.add(entry('l2', 101), 101);
    index.add(entry('p1', 50, 'U9'), 102);
    index.add(entry('l3', 102), 102);
    index.add(entry('p2', 60, 'U9'), 103);
    expect(ids(index)).toEqual(['l1', 'l2', 'l3']);
    expect(ids(index, 'U9')).toEqual([]);
    index.add(entry('l4', 103), 104);
    expect(ids(index)).toEqual(['l2', 'l3', 'l4']);
  });

  it('evicts entries equal but for their target in the same order whatever order they came in', () => {
    const kept = (order: HistoryEntry[]) => {
      const index = new HistoryIndex({ ...LIMITS, maxMessages: 1 });
      for (const e of order) index.add(e, 10);
      return [ids(index, 'U1'), ids(index, 'U2')];
    };
    const [a, b] = [entry('m1', 5, 'U1'), entry('m1', 5, 'U2')];
    expect(kept([a, b])).toEqual(kept([b, a]));
    expect(kept([a, b])).toEqual([[], ['m1']]);
  });

  it('does not take back a redacted msgid (a burst from a side that missed the REDACT)', () => {
    const index = new HistoryIndex(LIMITS);
    index.add(entry('gone', 1), 1);
    index.redact('#c', 'gone');
    expect(index.add(entry('gone', 1), 2)).toBe(false);
    // A redaction that arrives before its entry holds too.
    index.redact('#c', 'later');
    expect(index.add(entry('later', 3), 3)).toBe(false);
    expect(ids(index)).toEqual([]);
  });

  it('gives a burst the newest entries per target and the remembered redactions', () => {
    const index = new HistoryIndex(LIMITS);
    for (let t = 1; t <= 5; t++) index.add(entry(`c${t}`, t), t);
    index.add(entry('d1', 1, '#d'), 1);
    index.add(entry('p1', 1, 'pm:a b'), 1);
    index.redact('#c', 'c5');
    const view = index.burstView((key) => key.startsWith('#'), 3);
    expect(view.entries.map((e) => e.msgid)).toEqual(['c2', 'c3', 'c4', 'd1']);
    expect(view.redacted).toEqual([['#c', 'c5']]);
  });
});
