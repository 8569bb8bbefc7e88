import { exceedsUtf8Bytes, utf8ByteLength } from './utf8';

describe('utf8ByteLength', () => {
  it.each<[string]>([[''], ['ascii'], ['é'], ['€'], ['😀'], ['a\u0800b\u07ff'], ['mixed é € 😀 text']])(
    'agrees with TextEncoder for %j',
    (s) => {
      expect(utf8ByteLength(s)).toBe(new TextEncoder().encode(s).length);
    },
  );

  it.each<[string, number]>([
    ['\ud800', 3],
    ['\udc00', 3],
    ['\ud800a', 4],
  ])('counts the lone surrogate in %j as U+FFFD (%d bytes)', (s, bytes) => {
    expect(utf8ByteLength(s)).toBe(bytes);
    expect(new TextEncoder().encode(s).length).toBe(bytes);
  });
});

describe('exceedsUtf8Bytes', () => {
  it.each<[string, number, boolean]>([
    ['abc', 3, false],
    ['abcd', 3, true],
    ['éé', 4, false],
    ['éé', 3, true],
    ['😀', 4, false],
    ['😀', 3, true],
  ])('%j over %d bytes: %s', (s, limit, expected) => {
    expect(exceedsUtf8Bytes(s, limit)).toBe(expected);
  });
});
