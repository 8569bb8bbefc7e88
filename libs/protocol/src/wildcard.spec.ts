import { wildcardMatch } from './wildcard';

describe('wildcardMatch', () => {
  it.each<[string, string, boolean]>([
    ['*', '', true],
    ['*', 'anything', true],
    ['', '', true],
    ['', 'a', false],
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['?', 'a', true],
    ['?', '', false],
    ['??', 'a', false],
    ['a*c', 'abbbc', true],
    ['a*c', 'ac', true],
    ['a*c', 'abcd', false],
    ['*!*@*.example.com', 'nick!user@host.example.com', true],
    ['*!*@*.example.com', 'nick!user@example.com', false],
    ['nick!*@*', 'NICK!u@h', true],
    ['*[away]*', 'Foo{AWAY}bar', true],
    ['*\\*', 'a|', true],
    ['a?c*', 'abcdef', true],
    ['*a*b', 'aaaaaaab', true],
    ['**a**', 'xay', true],
    ['*?', '', false],
    ['*?*', 'x', true],
    ['?😀?', 'a😀b', true],
    ['?', '😀', true],
    ['*é*', 'café', true],
  ])('matches %j against %j: %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
  });

  it('does not blow up on patterns that make a naive matcher backtrack exponentially', () => {
    const pattern = `${'*a'.repeat(30)}*b`;
    const text = 'a'.repeat(5000);
    const started = process.hrtime.bigint();
    expect(wildcardMatch(pattern, text)).toBe(false);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(ms).toBeLessThan(500);
  });

  it('treats regex metacharacters literally', () => {
    expect(wildcardMatch('a.b', 'axb')).toBe(false);
    expect(wildcardMatch('(a|b)+', '(a|b)+')).toBe(true);
  });
});
