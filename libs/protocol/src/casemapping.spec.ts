import { ircEquals, ircLower } from './casemapping';

describe('ircLower', () => {
  it.each<[string, string]>([
    ['Nick', 'nick'],
    ['ABCXYZ', 'abcxyz'],
    ['[]\\~', '{}|^'],
    ['{}|^', '{}|^'],
    ['#Chan[1]', '#chan{1}'],
    ['already-lower', 'already-lower'],
    ['', ''],
    ['ÄÖÜ', 'ÄÖÜ'],
    ['Ünï€😀X', 'Ünï€😀x'],
    ['@_`-0123456789', '@_`-0123456789'],
  ])('folds %j to %j', (input, folded) => {
    expect(ircLower(input)).toBe(folded);
  });

  it('returns the same string when nothing needs folding', () => {
    const s = 'nick{}|^';
    expect(ircLower(s)).toBe(s);
  });

  it('is idempotent', () => {
    const once = ircLower('Foo[Bar]\\~');
    expect(ircLower(once)).toBe(once);
  });
});

describe('ircEquals', () => {
  it.each<[string, string, boolean]>([
    ['nick', 'NICK', true],
    ['Nick[a]', 'nick{A}', true],
    ['a\\b~', 'A|B^', true],
    ['nick', 'nick_', false],
    ['nick', 'nicl', false],
    ['ä', 'Ä', false],
    ['', '', true],
    ['{', '[', true],
    ['^', '~', true],
  ])('compares %j and %j as %s', (a, b, equal) => {
    expect(ircEquals(a, b)).toBe(equal);
    expect(ircEquals(b, a)).toBe(equal);
  });

  it('agrees with comparing ircLower of both sides', () => {
    const names = ['Foo', 'foo', 'FOO[]', 'foo{}', 'x~', 'x^', 'y', 'Y\\'];
    for (const a of names) {
      for (const b of names) expect(ircEquals(a, b)).toBe(ircLower(a) === ircLower(b));
    }
  });
});
