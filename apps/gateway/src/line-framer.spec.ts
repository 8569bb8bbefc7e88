import { labelOfOversized, LineFramer, type FramedItem } from './line-framer';

const lines = (items: FramedItem[]) => items.map((i) => (i.kind === 'line' ? i.line : '<oversized>'));
const push = (framer: LineFramer, s: string | Buffer) =>
  lines(framer.push(Buffer.isBuffer(s) ? s : Buffer.from(s, 'utf8')));

describe('LineFramer', () => {
  it.each([
    ['CRLF', 'NICK a\r\nUSER a 0 * :A\r\n'],
    ['LF', 'NICK a\nUSER a 0 * :A\n'],
    ['CR', 'NICK a\rUSER a 0 * :A\r'],
    ['mixed', 'NICK a\rUSER a 0 * :A\r\n'],
  ])('splits lines ending in %s', (_name, input) => {
    expect(push(new LineFramer(), input)).toEqual(['NICK a', 'USER a 0 * :A']);
  });

  it('joins a line split across chunks, even inside CR-LF', () => {
    const framer = new LineFramer();
    expect(push(framer, 'PRIV')).toEqual([]);
    expect(push(framer, 'MSG #a :hel')).toEqual([]);
    expect(push(framer, 'lo\r')).toEqual(['PRIVMSG #a :hello']);
    expect(push(framer, '\nPING x\r\n')).toEqual(['PING x']);
  });

  it('joins a multi-byte UTF-8 character split across chunks', () => {
    const bytes = Buffer.from('PRIVMSG #a :héllo\r\n', 'utf8');
    const cut = bytes.indexOf(0xc3) + 1; // between the two bytes of é
    const framer = new LineFramer();
    expect(push(framer, bytes.subarray(0, cut))).toEqual([]);
    expect(push(framer, bytes.subarray(cut))).toEqual(['PRIVMSG #a :héllo']);
  });

  it('skips empty lines', () => {
    expect(push(new LineFramer(), '\r\n\r\n\nPING a\r\n\r\n')).toEqual(['PING a']);
  });

  it('#12: keeps NUL bytes (state refuses such a line) without splitting it', () => {
    expect(push(new LineFramer(), 'PRIV\0MSG #a :x\0y\r\n\0\r\n')).toEqual(['PRIV\0MSG #a :x\0y', '\0']);
  });

  it('turns invalid UTF-8 into U+FFFD', () => {
    const framer = new LineFramer();
    const input = Buffer.concat([Buffer.from('PRIVMSG #a :'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('\r\n')]);
    expect(push(framer, input)).toEqual(['PRIVMSG #a :\uFFFD\uFFFD\uFFFD']);
  });

  it('accepts a body of exactly 510 bytes', () => {
    const line = 'PRIVMSG #a :' + 'x'.repeat(510 - 12);
    expect(push(new LineFramer(), line + '\r\n')).toEqual([line]);
  });

  it('reports a body over 510 bytes as oversized and keeps the next line', () => {
    const line = 'PRIVMSG #a :' + 'x'.repeat(511 - 12);
    expect(push(new LineFramer(), `${line}\r\nPING a\r\n`)).toEqual(['<oversized>', 'PING a']);
  });

  it('allows tags up to 8191 bytes on top of the 510-byte body', () => {
    const tags = '@' + 'a'.repeat(8189) + ' '; // 8191 bytes with '@' and the space
    const body = 'PRIVMSG #a :' + 'x'.repeat(498);
    expect(push(new LineFramer(), `${tags}${body}\r\n`)).toEqual([tags + body]);
  });

  it('reports tags over 8191 bytes as oversized', () => {
    const tags = '@' + 'a'.repeat(8190) + ' ';
    expect(push(new LineFramer(), `${tags}PING a\r\nPING b\r\n`)).toEqual(['<oversized>', 'PING b']);
  });

  it('caps its buffer and discards an unterminated oversized line until the next newline', () => {
    const framer = new LineFramer();
    expect(push(framer, 'PRIVMSG #a :' + 'x'.repeat(600))).toEqual(['<oversized>']);
    expect(framer.bufferedBytes).toBe(0);
    for (let i = 0; i < 100; i++) expect(push(framer, 'y'.repeat(10_000))).toEqual([]);
    expect(framer.bufferedBytes).toBe(0);
    expect(push(framer, 'zzz\r\nPING ok\r\n')).toEqual(['PING ok']);
  });

  it('reports an oversized line split over many small chunks once', () => {
    const framer = new LineFramer();
    const out: string[] = [];
    for (let i = 0; i < 200; i++) out.push(...push(framer, 'abcdefghij'));
    out.push(...push(framer, '\r\nPING a\r\n'));
    expect(out).toEqual(['<oversized>', 'PING a']);
  });

  it('survives random binary garbage', () => {
    const framer = new LineFramer();
    let seed = 7;
    for (let i = 0; i < 200; i++) {
      const chunk = Buffer.alloc(1 + (i % 97));
      for (let j = 0; j < chunk.length; j++) chunk[j] = seed = (seed * 1103515245 + 12345) & 0xff;
      for (const item of framer.push(chunk)) {
        if (item.kind === 'line') {
          expect(item.line).not.toMatch(/[\r\n]/);
          expect(item.line.length).toBeGreaterThan(0);
        }
      }
      expect(framer.bufferedBytes).toBeLessThanOrEqual(8191 + 510);
    }
  });

  it('issue 13: reports the label of an oversized line, from complete tags only', () => {
    const items = new LineFramer().push(
      Buffer.from(`@label=a\\sb;x PRIVMSG #a :${'x'.repeat(600)}\r\n@y;label=cut${'z'.repeat(9000)}\r\n`),
    );
    expect(items).toEqual([{ kind: 'oversized', label: 'a b' }, { kind: 'oversized' }]);
  });
});

describe('labelOfOversized', () => {
  it.each([
    ['@label=abc PRIVMSG', 'abc'],
    ['@a=1;label=x\\:y;b PRIVMSG', 'x;y'],
    ['PRIVMSG #a :label=x', undefined],
    ['@label= PRIVMSG', undefined],
    [`@label=${'l'.repeat(65)} PRIVMSG`, undefined],
    ['@label=unfinished', undefined],
  ])('%s → %s', (start, label) => {
    expect(labelOfOversized(Buffer.from(start))).toBe(label);
  });
});
