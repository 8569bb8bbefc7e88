import {
  CHANNEL_PREFIXES,
  hasChannelPrefix,
  hexNickOf,
  isValidChannelName,
  isValidNick,
  isValidUsername,
  unicodeNickFromHex,
} from './names';

describe('isValidNick', () => {
  it.each<[string]>([
    ['nick'],
    ['Nick42'],
    ['[away]'],
    ['`tick'],
    ['_under'],
    ['^caret'],
    ['{x}|y'],
    ['a-b'],
    ['\\back'],
    ['a'],
  ])('accepts %j', (nick) => {
    expect(isValidNick(nick, 30)).toBe(true);
  });

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

describe('isValidNick with IRCX Unicode nicks', () => {
  it.each<[string]>([["'大"], ["'ünïcödé"], ["'a"], ["'😀x"], ["'a.b:c"]])(
    'accepts %j for IRCX sessions only',
    (nick) => {
      expect(isValidNick(nick, 30, { unicode: true })).toBe(true);
      expect(isValidNick(nick, 30)).toBe(false);
    },
  );

  it.each<[string, string]>([
    ['a lone quote', "'"],
    ['a space', "'a b"],
    ['an ideographic space', "'a\u3000b"],
    ['a comma', "'a,b"],
    ['an exclamation mark', "'a!b"],
    ['an at sign', "'a@b"],
    ['a star', "'a*"],
    ['a question mark', "'a?"],
    ['a control character', "'a\x01"],
    ['DEL', "'a\x7f"],
    ['a lone surrogate', "'a\ud800"],
  ])('rejects %s', (_name, nick) => {
    expect(isValidNick(nick, 30, { unicode: true })).toBe(false);
  });

  it('counts the length in bytes', () => {
    // `'` + three 3-byte characters = 10 bytes.
    expect(isValidNick("'大大大", 10, { unicode: true })).toBe(true);
    expect(isValidNick("'大大大", 9, { unicode: true })).toBe(false);
  });

  it('still applies the RFC grammar to other nicks in IRCX sessions', () => {
    expect(isValidNick('nïck', 30, { unicode: true })).toBe(false);
    expect(isValidNick('nick', 30, { unicode: true })).toBe(true);
  });
});

describe('hexNickOf / unicodeNickFromHex', () => {
  it.each<[string, string]>([
    ["'大", '^e5a4a7'],
    ["'a", '^61'],
    ["'ü😀", '^c3bcf09f9880'],
  ])('%j ↔ %j', (nick, hex) => {
    expect(hexNickOf(nick)).toBe(hex);
    expect(unicodeNickFromHex(hex)).toBe(nick);
    expect(unicodeNickFromHex(hex.toUpperCase().replace('^', '^'))).toBe(nick);
  });

  it('has no hex form for RFC nicks and no nick for non-hex or non-UTF-8', () => {
    expect(hexNickOf('alice')).toBeUndefined();
    expect(hexNickOf("'")).toBeUndefined();
    expect(unicodeNickFromHex('^caret')).toBeUndefined();
    expect(unicodeNickFromHex('^e5a')).toBeUndefined();
    expect(unicodeNickFromHex('^')).toBeUndefined();
    expect(unicodeNickFromHex('^ff')).toBeUndefined();
    expect(unicodeNickFromHex('e5a4a7')).toBeUndefined();
  });
});

describe('hasChannelPrefix', () => {
  it('is true exactly when the first character is one of CHANNEL_PREFIXES', () => {
    for (const prefix of CHANNEL_PREFIXES) {
      expect(hasChannelPrefix(prefix)).toBe(true);
      expect(hasChannelPrefix(`${prefix}chan`)).toBe(true);
    }
    for (const target of ['', 'nick', ' #chan', '@#chan', '+#chan', "'nick", '^nick', '$server']) {
      expect(hasChannelPrefix(target)).toBe(false);
    }
  });
});

describe('isValidChannelName', () => {
  it('serves #, & and the IRCX % channels', () => {
    expect(CHANNEL_PREFIXES).toBe('#&%');
  });

  it.each<[string]>([
    ['#chan'],
    ['&local'],
    ['#a'],
    ['##double'],
    ['#Ünï€😀'],
    ['#a.b-c_d[e]'],
    ['%#Ünïcode'],
    ['%&local'],
    ['%#a\\bb\\cc'],
    ['%#back\\\\slash'],
    ['#plain\\x'],
  ])('accepts %j', (name) => {
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
    ['#12: U+FFFD, what invalid UTF-8 decodes to', '#caf\ufffd'],
    ['a lone %', '%'],
    ['only a % prefix', '%#'],
    ['% without # or &', '%chan'],
    ['an unknown escape in a % name', '%#a\\tb'],
    ['a trailing backslash in a % name', '%#a\\'],
    ['a space in a % name (it must be \\b)', '%#a b'],
  ])('rejects %s', (_name, name) => {
    expect(isValidChannelName(name, 64)).toBe(false);
  });

  it('takes IRCX names of up to 200 bytes', () => {
    expect(isValidChannelName(`#${'a'.repeat(199)}`, 200)).toBe(true);
    expect(isValidChannelName(`#${'a'.repeat(200)}`, 200)).toBe(false);
    expect(isValidChannelName(`%#${'é'.repeat(99)}`, 200)).toBe(true); // 2 + 198 bytes
    expect(isValidChannelName(`%#${'é'.repeat(99)}a`, 200)).toBe(false);
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
