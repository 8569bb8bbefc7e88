import type { HistoryRecord } from './history-index';
import { decodeRecord, encodeRecord, recordId } from './stored-record';

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

describe('history stream records', () => {
  it('round-trips entries and redactions, with one message ID each', () => {
    const redact: HistoryRecord = { type: 'redact', key: '#c', msgid: 'm2' };
    expect(decodeRecord(encodeRecord(add))).toEqual(add);
    expect(decodeRecord(encodeRecord(redact))).toEqual(redact);
    expect(recordId(add)).toBe('add pm:u:A u:B m1');
    expect(recordId(redact)).toBe('redact #c m2');
  });

  it.each(['not json', '{}', '{"type":"add","entry":{"key":"#c"}}', '{"type":"redact","key":1,"msgid":"x"}'])(
    'skips %s',
    (text) => {
      expect(decodeRecord(text)).toBeUndefined();
    },
  );
});
