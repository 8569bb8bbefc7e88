import type { HistoryRecord } from './history-index';
import { decodeMessage, encodeRecords, recordId } from './stored-record';

const add: HistoryRecord = {
  type: 'add',
  entry: {
    key: 'pm:u:A u:B',
    msgid: 'm1',
    time: 5,
    command: 'PRIVMSG',
    prefix: 'a!a@h',
    params: ['b', 'hi'],
    from: 'A',
    parties: ['u:A', 'u:B'],
    clientTags: { '+x': 'y' },
  },
};
const redact: HistoryRecord = { type: 'redact', key: '#c', msgid: 'm2' };

describe('history stream records', () => {
  it('writes a turn as one message and reads it back in order', () => {
    const messages = encodeRecords([add, redact], 1024 * 1024);
    expect(messages).toHaveLength(1);
    expect(decodeMessage(messages[0] ?? '')).toEqual({ records: [add, redact], skipped: 0 });
  });

  it('splits a turn only where a message would outgrow the limit (3 bytes per code unit at worst)', () => {
    const one = JSON.stringify(add).length;
    const records = Array.from({ length: 10 }, (_, i): HistoryRecord => ({ ...redact, msgid: `m${i}` }));
    const maxBytes = 3 * (20 + 4 * (JSON.stringify(redact).length + 1));
    const messages = encodeRecords(records, maxBytes);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(Buffer.byteLength(m)).toBeLessThanOrEqual(maxBytes);
    expect(messages.flatMap((m) => decodeMessage(m).records)).toEqual(records);
    // A record bigger than the limit on its own still goes, alone.
    expect(encodeRecords([add, add], one)).toHaveLength(2);
    expect(encodeRecords([], 1000)).toEqual([]);
  });

  it('reads the one-record messages an older state wrote', () => {
    expect(decodeMessage(JSON.stringify(add))).toEqual({ records: [add], skipped: 0 });
    expect(decodeMessage(JSON.stringify(redact))).toEqual({ records: [redact], skipped: 0 });
  });

  it('gives each record one identity', () => {
    expect(recordId(add)).toBe('add pm:u:A u:B m1');
    expect(recordId(redact)).toBe('redact #c m2');
  });

  it.each([
    'not json',
    '{}',
    '{"type":"add","entry":{"key":"#c"}}',
    '{"type":"redact","key":1,"msgid":"x"}',
    '{"v":2}',
  ])('skips %s', (text) => {
    expect(decodeMessage(text)).toEqual({ records: [], skipped: 1 });
  });

  it('skips the unreadable records of a message and keeps the rest', () => {
    const text = `{"v":2,"records":[${JSON.stringify(add)},{"type":"redact"},${JSON.stringify(redact)}]}`;
    expect(decodeMessage(text)).toEqual({ records: [add, redact], skipped: 1 });
  });
});
