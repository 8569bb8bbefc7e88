import type { HistoryRecord } from './engine/history/history-index';
import { RecordWindow } from './history-tail';

const redaction = (n: number): HistoryRecord => ({ type: 'redact', key: '#c', msgid: `m${n}` });

describe('RecordWindow', () => {
  it('holds what it read, oldest first, and the sequence to read on from', () => {
    const window = new RecordWindow(10);
    for (let seq = 1; seq <= 3; seq++) window.push([redaction(seq)], 0, seq);
    expect(window.held()).toEqual([redaction(1), redaction(2), redaction(3)]);
    expect(window.lastSeq).toBe(3);
  });

  it('keeps only the newest `max` records, however many it read', () => {
    const window = new RecordWindow(4);
    for (let seq = 1; seq <= 23; seq++) {
      window.push([redaction(seq)], 0, seq);
      expect(window.held().length).toBe(Math.min(seq, 4));
    }
    expect(window.held()).toEqual([20, 21, 22, 23].map(redaction));
  });

  it('counts a message that did not decode and reads on after it', () => {
    const window = new RecordWindow(4);
    window.push([redaction(1)], 0, 1);
    window.push([], 1, 2);
    expect(window.held()).toEqual([redaction(1)]);
    expect(window.skipped).toBe(1);
    expect(window.lastSeq).toBe(2);
  });

  it("holds every record of a turn's message, under the message's sequence", () => {
    const window = new RecordWindow(10);
    window.push([redaction(1), redaction(2)], 0, 1);
    window.push([redaction(3), redaction(4), redaction(5)], 1, 2);
    expect(window.held()).toEqual([1, 2, 3, 4, 5].map(redaction));
    expect(window.lastSeq).toBe(2);
    expect(window.skipped).toBe(1);
  });
});
