import { CHANNEL_PREFIXES, isValidChannelName, isValidNick, isValidUsername } from './names';

describe('isValidNick', () => {
  it.each<[string]>([['nick'], ['Nick42'], ['[away]'], ['`tick'], ['_under'], ['^caret'], ['{x}|y'], ['a-b'], ['\\back'], ['a']])(
    'accepts %j',
    (nick) => {
      expect(isValidNick(nick, 30)).toBe(true);
    },
  );

  it.each<[string, string]>([
    ['an empty nick', ''],
    ['a leading digit', '1nick'],
    ['a leading dash', '-nick'],
    ['a space', 'ni ck'],
    ['a comma', 'ni,ck'],
    ['a star', 'ni*ck'],
    ['a question mark', 'nick?'],
    ['an exclamation mark', 'ni!ck'],
    ['an at sign', 'ni@ck'],
    ['a dot', 'ni.ck'],
    ['a colon', ':nick'],
    ['a hash', '#nick'],
    ['non-ASCII letters', 'nïck'],
    ['NUL', 'ni\0ck'],
  ])('rejects %s', (_name, nick) => {
    expect(isValidNick(nick, 30)).toBe(false);
  });

  it('enforces maxLen', () => {
    expect(isValidNick('a'.repeat(9), 9)).toBe(true);
    expect(isValidNick('a'.repeat(10), 9)).toBe(false);
  });
});

describe('isValidChannelName', () => {
  it('serves # and & channels', () => {
    expect(CHANNEL_PREFIXES).toBe('#&');
  });

  it.each<[string]>([['#chan'], ['&local'], ['#a'], ['##double'], ['#Ünï€😀'], ['#a.b-c_d[e]']])('accepts %j', (name) => {
    expect(isValidChannelName(name, 64)).toBe(true);
  });

  it.each<[string, string]>([
    ['no prefix', 'chan'],
    ['only a prefix', '#'],
    ['an empty name', ''],
    ['a + prefix', '+chan'],
    ['a ! prefix', '!chan'],
    ['a space', '#a b'],
    ['a comma', '#a,b'],
    ['BEL', '#a\x07b'],
    ['NUL', '#a\0b'],
    ['CR', '#a\rb'],
    ['LF', '#a\nb'],
    ['a colon', '#a:b'],
  ])('rejects %s', (_name, name) => {
    expect(isValidChannelName(name, 64)).toBe(false);
  });

  it('measures maxLen in bytes', () => {
    expect(isValidChannelName(`#${'a'.repeat(49)}`, 50)).toBe(true);
    expect(isValidChannelName(`#${'a'.repeat(50)}`, 50)).toBe(false);
    expect(isValidChannelName(`#${'é'.repeat(24)}a`, 50)).toBe(true); // 1 + 48 + 1 bytes
    expect(isValidChannelName(`#${'é'.repeat(25)}`, 50)).toBe(false); // 1 + 50 bytes
  });
});

describe('isValidUsername', () => {
  it.each<[string]>([['guest'], ['~ident'], ['a.b-c_d'], ['ünï']])('accepts %j', (user) => {
    expect(isValidUsername(user)).toBe(true);
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['a space', 'a b'],
    ['an at sign', 'a@b'],
    ['NUL', 'a\0'],
    ['CR', 'a\r'],
    ['LF', 'a\n'],
  ])('rejects %s', (_name, user) => {
    expect(isValidUsername(user)).toBe(false);
  });
});
