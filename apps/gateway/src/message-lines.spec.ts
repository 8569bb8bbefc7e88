import { isMessageLine } from './message-lines';

describe('isMessageLine', () => {
  it.each([
    ['PRIVMSG #c :hi', true],
    ['privmsg #c :hi', true],
    ['NOTICE bob :x', true],
    ['@+typing=active TAGMSG #c', true],
    [':me!u@h PRIVMSG #c :hi', true],
    ['@a=b :me PRIVMSG #c :hi', true],
    ['PING :PRIVMSG', false],
    ['JOIN #privmsg', false],
    ['PRIVMSGX #c', false],
    ['@a=b', false],
  ])('%s: %s', (line, message) => {
    expect(isMessageLine({ kind: 'line', line })).toBe(message);
  });

  it('is false for an oversized marker', () => {
    expect(isMessageLine({ kind: 'oversized' })).toBe(false);
  });
});
