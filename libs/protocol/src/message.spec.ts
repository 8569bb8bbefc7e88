import type { IrcMessage } from './message-types';
import {
  MAX_CLIENT_TAGS_BYTES,
  MAX_LINE_BYTES,
  MAX_TAGS_BYTES,
  MessageParseError,
  MessageSerializeError,
  parseMessage,
  serializeMessage,
} from './message';

function parseError(line: string): MessageParseError {
  try {
    parseMessage(line);
  } catch (err) {
    if (err instanceof MessageParseError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(line)} to fail`);
}

describe('limits', () => {
  it('match Modern IRC and IRCv3 message-tags', () => {
    expect([MAX_LINE_BYTES, MAX_TAGS_BYTES, MAX_CLIENT_TAGS_BYTES]).toEqual([512, 8191, 4094]);
  });
});

describe('parseMessage', () => {
  it.each<[string, string, IrcMessage]>([
    ['a bare command', 'QUIT', { command: 'QUIT', params: [] }],
    ['middle params', 'USER guest 0 *', { command: 'USER', params: ['guest', '0', '*'] }],
    [
      'a trailing param with spaces',
      'PRIVMSG #chan :hello there',
      { command: 'PRIVMSG', params: ['#chan', 'hello there'] },
    ],
    ['colons inside the trailing param', 'PRIVMSG #c :a:b :c ::', { command: 'PRIVMSG', params: ['#c', 'a:b :c ::'] }],
    ['an empty trailing param', 'TOPIC #chan :', { command: 'TOPIC', params: ['#chan', ''] }],
    ['a trailing param of only spaces', 'PRIVMSG #c :   ', { command: 'PRIVMSG', params: ['#c', '   '] }],
    ['a trailing param as the only param', 'QUIT :bye now', { command: 'QUIT', params: ['bye now'] }],
    ['a lone trailing colon', 'AWAY :', { command: 'AWAY', params: [''] }],
    ['a colon inside a middle param', 'MODE #c +k a:b', { command: 'MODE', params: ['#c', '+k', 'a:b'] }],
    ['a numeric command', ':srv 001 nick :Welcome', { prefix: 'srv', command: '001', params: ['nick', 'Welcome'] }],
    [
      'a full nick!user@host prefix',
      ':nick!user@host.example PRIVMSG #c :hi',
      { prefix: 'nick!user@host.example', command: 'PRIVMSG', params: ['#c', 'hi'] },
    ],
    ['a server-name prefix', ':irc.example.net PING :x', { prefix: 'irc.example.net', command: 'PING', params: ['x'] }],
    ['a nick-only prefix', ':nick QUIT', { prefix: 'nick', command: 'QUIT', params: [] }],
    ['an empty source marker as no prefix', ': PING x', { command: 'PING', params: ['x'] }],
    [
      'runs of spaces between params',
      'USER  a   0    * :real  name',
      { command: 'USER', params: ['a', '0', '*', 'real  name'] },
    ],
    ['leading spaces', '   PING x', { command: 'PING', params: ['x'] }],
    ['trailing spaces after the last middle param', 'JOIN #a   ', { command: 'JOIN', params: ['#a'] }],
    ['spaces after the prefix', ':n    NICK  x', { prefix: 'n', command: 'NICK', params: ['x'] }],
    ['a stray trailing CR', 'PING x\r', { command: 'PING', params: ['x'] }],
    ['a stray CR after a trailing param', 'PRIVMSG #a :hi \r', { command: 'PRIVMSG', params: ['#a', 'hi '] }],
    ['lower-case commands upper-cased', 'privmsg #a :x', { command: 'PRIVMSG', params: ['#a', 'x'] }],
    ['odd commands kept for a 421 reply', 'fo-o.bar!', { command: 'FO-O.BAR!', params: [] }],
    ['non-ASCII command letters left as they are', 'straße', { command: 'STRAßE', params: [] }],
    ['tabs as ordinary characters', 'PRIVMSG #a\tb', { command: 'PRIVMSG', params: ['#a\tb'] }],
  ])('parses %s', (_name, line, expected) => {
    expect(parseMessage(line)).toEqual(expected);
  });

  it.each<[string, string, Record<string, string>]>([
    ['a key with a value', '@id=123 PING', { id: '123' }],
    ['a key without a value as empty', '@draft/bot PING', { 'draft/bot': '' }],
    ['a key with "=" and nothing after as empty', '@a= PING', { a: '' }],
    ['several tags in order', '@a=1;b;c=3 PING', { a: '1', b: '', c: '3' }],
    [
      'client-only and vendor tags',
      '@+example.com/foo=bar;+typing=active PING',
      { '+example.com/foo': 'bar', '+typing': 'active' },
    ],
    ['escaped ; space \\ CR LF', '@k=a\\:b\\sc\\\\d\\re\\nf PING', { k: 'a;b c\\d\re\nf' }],
    ['a backslash before another char dropped', '@k=\\b\\x PING', { k: 'bx' }],
    ['a trailing lone backslash dropped', '@k=abc\\ PING', { k: 'abc' }],
    ['an "=" inside a value kept', '@k=a=b PING', { k: 'a=b' }],
    ['the last of duplicate keys', '@k=1;k=2 PING', { k: '2' }],
    ['empty tag entries skipped', '@;a=1;; PING', { a: '1' }],
    ['invalid keys dropped, not fatal', '@__proto__=x;a_b=1;ok=2 PING', { ok: '2' }],
    ['an empty tag section as no tags', '@ PING', {}],
    ['an escaped time value', '@time=2026-01-01T00:00:00.000Z PING', { time: '2026-01-01T00:00:00.000Z' }],
  ])('parses tags: %s', (_name, line, tags) => {
    const msg = parseMessage(line);
    expect(msg.tags).toEqual(tags);
    expect(msg.command).toBe('PING');
  });

  it('parses tags, prefix, command and params together', () => {
    expect(parseMessage('@time=x;msgid=abc :n!u@h PRIVMSG #c :hi :)')).toEqual({
      tags: { time: 'x', msgid: 'abc' },
      prefix: 'n!u@h',
      command: 'PRIVMSG',
      params: ['#c', 'hi :)'],
    });
  });

  it('leaves tags and prefix out when the line has none', () => {
    const msg = parseMessage('PING x');
    expect('tags' in msg).toBe(false);
    expect('prefix' in msg).toBe(false);
  });

  it.each<[string, string, string]>([
    ['an empty line', '', 'empty'],
    ['a line of spaces', '     ', 'empty'],
    ['a lone CR', '\r', 'empty'],
    ['a line of NULs', '\0\0', 'nul'],
    ['a prefix without a command', ':nick', 'no-command'],
    ['a prefix followed by spaces only', ':nick   ', 'no-command'],
    ['tags without a command', '@a=b', 'no-command'],
    ['tags followed by spaces only', '@a=b   ', 'no-command'],
    ['tags and a prefix without a command', '@a=b :nick ', 'no-command'],
  ])('rejects %s', (_name, line, code) => {
    expect(parseError(line).code).toBe(code);
  });

  it('throws a MessageParseError with its name set', () => {
    const err = parseError('');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('MessageParseError');
  });

  describe('line length (510 bytes without CR-LF)', () => {
    const ascii = (n: number) => `PRIVMSG #c :${'a'.repeat(n - 'PRIVMSG #c :'.length)}`;
    // 'é' is 2 bytes in UTF-8, '€' 3 bytes, '😀' 4 bytes (2 UTF-16 units).
    const padded = (n: number, ch: string, chBytes: number) => {
      const head = 'PRIVMSG #c :';
      const count = Math.floor((n - head.length) / chBytes);
      return head + 'a'.repeat(n - head.length - count * chBytes) + ch.repeat(count);
    };

    it.each<[string, string]>([
      ['510 ASCII bytes', ascii(510)],
      ['510 bytes of 2-byte chars', padded(510, 'é', 2)],
      ['510 bytes of 3-byte chars', padded(510, '€', 3)],
      ['510 bytes of 4-byte chars', padded(510, '😀', 4)],
    ])('accepts %s', (_name, line) => {
      expect(new TextEncoder().encode(line).length).toBe(510);
      expect(parseMessage(line).params[1]?.length).toBeGreaterThan(0);
    });

    it.each<[string, string]>([
      ['511 ASCII bytes', ascii(511)],
      ['511 bytes of 2-byte chars', padded(511, 'é', 2)],
      ['511 bytes of 3-byte chars', padded(511, '€', 3)],
      ['511 bytes of 4-byte chars', padded(511, '😀', 4)],
      ['fewer than 511 characters but 511 bytes', `${'€'.repeat(170)}a`],
    ])('rejects %s as line-too-long', (_name, line) => {
      expect(new TextEncoder().encode(line).length).toBe(511);
      expect(parseError(line).code).toBe('line-too-long');
    });

    it('does not count the tags against the line limit', () => {
      const line = `@k=${'v'.repeat(4000)} ${ascii(510)}`;
      expect(parseMessage(line).tags?.['k']).toHaveLength(4000);
    });

    it('does not count a stray trailing CR', () => {
      expect(parseMessage(`${ascii(510)}\r`).command).toBe('PRIVMSG');
    });
  });

  describe('tag length (8191 bytes with "@" and the space)', () => {
    // '@' + key '=' value + ' ' = total tag section bytes.
    const tagged = (sectionBytes: number) => `@k=${'v'.repeat(sectionBytes - 4)} PING`;

    it('accepts a tag section of exactly 8191 bytes', () => {
      expect(parseMessage(tagged(8191)).command).toBe('PING');
    });

    it('rejects a tag section of 8192 bytes as tags-too-long', () => {
      expect(parseError(tagged(8192)).code).toBe('tags-too-long');
    });

    it('counts multi-byte tag values in bytes', () => {
      const line = `@k=${'é'.repeat(4094)} PING`; // 1 + 2 + 8188 + 1 = 8192 bytes
      expect(parseError(line).code).toBe('tags-too-long');
    });
  });

  describe('NUL characters', () => {
    it.each<[string, string]>([
      ['inside a trailing param', 'PRIVMSG #a :h\0i'],
      ['inside a command (#12: PRIV\\0MSG ran as PRIVMSG)', 'PRIV\0MSG #a :hi'],
      ['inside a middle param', 'JOIN #a\0b'],
      ['inside a tag value', '@k=a\0b PING'],
      ['at the end', 'PING x\0'],
    ])('refuse the line when %s', (_name, line) => {
      expect(() => parseMessage(line)).toThrow(expect.objectContaining({ code: 'nul' }) as Error);
    });
  });
});

describe('serializeMessage', () => {
  it.each<[string, IrcMessage, string]>([
    ['a bare command', { command: 'QUIT', params: [] }, 'QUIT'],
    ['middle params', { command: 'USER', params: ['guest', '0', '*'] }, 'USER guest 0 *'],
    ['a last param with a space', { command: 'PRIVMSG', params: ['#c', 'hi there'] }, 'PRIVMSG #c :hi there'],
    ['an empty last param', { command: 'TOPIC', params: ['#c', ''] }, 'TOPIC #c :'],
    ['a last param starting with a colon', { command: 'PRIVMSG', params: ['#c', ':)'] }, 'PRIVMSG #c ::)'],
    ['a plain last param without a colon', { command: 'PRIVMSG', params: ['#c', 'hi'] }, 'PRIVMSG #c hi'],
    ['a colon inside a plain last param', { command: 'MODE', params: ['#c', '+k', 'a:b'] }, 'MODE #c +k a:b'],
    ['a prefix', { prefix: 'n!u@h', command: 'NICK', params: ['x'] }, ':n!u@h NICK x'],
    ['an empty prefix as none', { prefix: '', command: 'PING', params: ['x'] }, 'PING x'],
    ['tags in insertion order', { tags: { b: '1', a: '2' }, command: 'PING', params: [] }, '@b=1;a=2 PING'],
    [
      'an empty tag value as a bare key',
      { tags: { 'draft/bot': '', x: 'y' }, command: 'PING', params: [] },
      '@draft/bot;x=y PING',
    ],
    [
      'escaped tag values',
      { tags: { k: 'a;b c\\d\re\nf' }, command: 'PING', params: [] },
      '@k=a\\:b\\sc\\\\d\\re\\nf PING',
    ],
    ['no tag section for empty tags', { tags: {}, command: 'PING', params: [] }, 'PING'],
    [
      'everything together',
      { tags: { time: '2026-01-01T00:00:00.000Z' }, prefix: 'srv', command: '001', params: ['nick', 'Welcome to IRC'] },
      '@time=2026-01-01T00:00:00.000Z :srv 001 nick :Welcome to IRC',
    ],
  ])('writes %s', (_name, msg, line) => {
    expect(serializeMessage(msg)).toBe(line);
  });

  it.each<[string, IrcMessage]>([
    ['an empty middle param', { command: 'MODE', params: ['', 'x'] }],
    ['a middle param with a space', { command: 'MODE', params: ['a b', 'x'] }],
    ['a middle param starting with a colon', { command: 'MODE', params: [':a', 'x'] }],
    ['a param with CR', { command: 'PRIVMSG', params: ['#a', 'x\r\nQUIT'] }],
    ['a param with NUL', { command: 'PRIVMSG', params: ['#a', 'x\0'] }],
    ['an empty command', { command: '', params: [] }],
    ['a command with a space', { command: 'PRIV MSG', params: [] }],
    ['a prefix with a space', { prefix: 'a b', command: 'PING', params: [] }],
    ['an invalid tag key', { tags: { 'bad key': 'x' }, command: 'PING', params: [] }],
  ])('throws MessageSerializeError for %s', (_name, msg) => {
    expect(() => serializeMessage(msg)).toThrow(MessageSerializeError);
  });

  it('does not end with CR or LF', () => {
    expect(serializeMessage({ command: 'PING', params: ['x y'] })).not.toMatch(/[\r\n]$/);
  });
});

describe('parseMessage ∘ serializeMessage', () => {
  it.each<[string]>([
    ['PING'],
    ['PRIVMSG #c :hello there'],
    ['TOPIC #c :'],
    ['PRIVMSG #c ::-)'],
    [':n!u@h JOIN #c'],
    ['@a=1;b;c=x\\sy :srv 353 me = #c :@op +voice plain'],
    ['@+draft/reply=abc;msgid=1 :n!u@h PRIVMSG #c :a : b'],
  ])('round-trips %j', (line) => {
    expect(serializeMessage(parseMessage(line))).toBe(line);
  });
});
