import { mergeTallies, PAUSE_LIMIT_MS, SequenceLog, tally, type Expectation } from './sequence-log';

/** A log of `seqs` arriving at the given times (ms), or 100 ms apart. */
function logOf(seqs: number[], times?: number[]): SequenceLog {
  const log = new SequenceLog();
  seqs.forEach((seq, i) => log.record(seq, times?.[i] ?? i * 100));
  return log;
}

describe('SequenceLog', () => {
  it('counts an in-order stream as nothing but distinct arrivals', () => {
    const log = logOf([0, 1, 2, 3]);
    expect(log).toMatchObject({ distinct: 4, duplicates: 0, reordered: 0, longestGapMs: 100 });
  });

  it('counts a second copy as a duplicate, not as a new message', () => {
    expect(logOf([0, 1, 1, 2, 0])).toMatchObject({ distinct: 3, duplicates: 2, reordered: 0 });
  });

  it('counts a message overtaken by a later one as reordered, once', () => {
    // 2 arrives before 1: 1 is reordered; 3 after 2 is in order again.
    expect(logOf([0, 2, 1, 3])).toMatchObject({ distinct: 4, reordered: 1, duplicates: 0 });
  });

  it('keeps the longest gap between consecutive arrivals', () => {
    expect(logOf([0, 1, 2, 3], [0, 100, 2600, 2700]).longestGapMs).toBe(2500);
  });

  it('counts the gaps that end after the mark apart from those before it', () => {
    const log = logOf([0, 1], [0, 900]);
    log.mark();
    [2, 3, 4].forEach((seq, i) => log.record(seq, [1000, 1400, 1500][i] ?? 0));
    // 900 before the mark; after it 100 (ending at 1000, it began before the mark) and 400.
    expect([log.longestGapBeforeMarkMs, log.longestGapMs]).toEqual([900, 400]);
  });

  it('names what never arrived of what was sent, as runs', () => {
    expect(logOf([0, 3, 1, 6]).missing(9)).toEqual([
      [2, 2],
      [4, 5],
      [7, 8],
    ]);
    expect(logOf([0, 1]).missing(2)).toEqual([]);
  });

  it('grows past its first size', () => {
    const log = logOf([0, 5000, 5000]);
    expect(log).toMatchObject({ distinct: 2, duplicates: 1 });
  });
});

describe('tally', () => {
  const pair = (over: Partial<Expectation>): Expectation => ({
    receiverClosed: false,
    log: logOf([0, 1, 2]),
    sent: 3,
    senderKeptSending: true,
    ...over,
  });

  it('counts what a connected receiver missed of what its sender wrote', () => {
    expect(tally([pair({ sent: 5 }), pair({ log: undefined, sent: 4 })])).toMatchObject({
      pairs: 2,
      expected: 9,
      lost: 6,
    });
  });

  it('leaves a receiver whose connection closed out of loss and pauses', () => {
    const closed = pair({ receiverClosed: true, log: logOf([0], [0]), sent: 10 });
    expect(tally([closed])).toMatchObject({ pairs: 0, closedPairs: 1, lost: 0, longestPauseMs: 0 });
  });

  it('counts a pause only when the sender kept sending', () => {
    const long = logOf([0, 1], [0, PAUSE_LIMIT_MS + 500]);
    expect(tally([pair({ log: long, sent: 2, senderKeptSending: false })]).longestPauseMs).toBe(0);
    expect(tally([pair({ log: long, sent: 2 })])).toMatchObject({
      longestPauseMs: PAUSE_LIMIT_MS + 500,
      pausesOverLimit: 1,
    });
  });

  it('adds duplicates and reordering over pairs', () => {
    expect(tally([pair({ log: logOf([0, 0, 2, 1]) }), pair({ log: logOf([1, 0, 2]) })])).toMatchObject({
      duplicated: 1,
      reordered: 2,
      lost: 0,
    });
  });
});

describe('mergeTallies', () => {
  it('adds counts and keeps the longest pause', () => {
    const a = tally([{ receiverClosed: false, log: logOf([0, 1], [0, 300]), sent: 3, senderKeptSending: true }]);
    const b = tally([{ receiverClosed: true, log: undefined, sent: 3, senderKeptSending: true }]);
    expect(mergeTallies([a, b])).toEqual({
      pairs: 1,
      closedPairs: 1,
      expected: 3,
      lost: 1,
      duplicated: 0,
      reordered: 0,
      longestPauseMs: 300,
      longestPauseBeforeMarkMs: 0,
      pausesOverLimit: 0,
    });
  });
});
