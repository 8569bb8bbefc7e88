import { fitLineLimit, parseMessage } from './message';
import { utf8ByteLength } from './utf8';

const body = (line: string) => (line.startsWith('@') ? line.slice(line.indexOf(' ') + 1) : line);

describe('fitLineLimit', () => {
  it('leaves a line within 510 bytes alone', () => {
    const line = `:irc.test 421 alice ${'A'.repeat(470)} :x`;
    expect(utf8ByteLength(line)).toBeLessThanOrEqual(510);
    expect(fitLineLimit(line)).toBe(line);
  });

  it('cuts a longer line to 510 bytes (found by the fuzz: 421 echoing a 490-byte command)', () => {
    const line = `:irc.test 421 alice ${'A'.repeat(490)} :Unknown command`;
    const fitted = fitLineLimit(line);
    expect(utf8ByteLength(fitted)).toBe(510);
    expect(line.startsWith(fitted)).toBe(true);
    expect(parseMessage(fitted).command).toBe('421');
  });

  it('never splits a character and keeps the tags out of the count', () => {
    const tags = `@time=2024-01-02T03:04:05.000Z;msgid=${'m'.repeat(100)}`;
    const line = `${tags} :bob!bob@host PRIVMSG #a :${'😀é'.repeat(200)}`;
    const fitted = fitLineLimit(line);
    expect(fitted.startsWith(`${tags} `)).toBe(true);
    expect(utf8ByteLength(body(fitted))).toBeLessThanOrEqual(510);
    expect(utf8ByteLength(body(fitted))).toBeGreaterThan(505);
    expect(fitted).not.toMatch(/[\ud800-\udbff]$/);
  });
});
