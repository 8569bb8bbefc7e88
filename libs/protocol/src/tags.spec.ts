import { escapeTagValue, formatServerTime, unescapeTagValue } from './tags';

describe('escapeTagValue', () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['', ''],
    ['a;b', 'a\\:b'],
    ['a b', 'a\\sb'],
    ['a\\b', 'a\\\\b'],
    ['a\rb', 'a\\rb'],
    ['a\nb', 'a\\nb'],
    [';; \\\r\n', '\\:\\:\\s\\\\\\r\\n'],
    ['é=€:', 'é=€:'],
  ])('escapes %j as %j', (raw, escaped) => {
    expect(escapeTagValue(raw)).toBe(escaped);
  });
});

describe('unescapeTagValue', () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['', ''],
    ['a\\:b', 'a;b'],
    ['a\\sb', 'a b'],
    ['a\\\\b', 'a\\b'],
    ['a\\rb', 'a\rb'],
    ['a\\nb', 'a\nb'],
    ['\\b', 'b'],
    ['a\\', 'a'],
    ['\\', ''],
    ['\\\\\\', '\\'],
    ['a\\\\s', 'a\\s'],
  ])('unescapes %j as %j', (escaped, raw) => {
    expect(unescapeTagValue(escaped)).toBe(raw);
  });

  it.each<[string]>([['a;b c\\d\re\nf'], ['\\\\'], ['; '], ['ünï €😀']])('reverses escapeTagValue for %j', (raw) => {
    expect(unescapeTagValue(escapeTagValue(raw))).toBe(raw);
  });
});

describe('formatServerTime', () => {
  it.each<[number, string]>([
    [Date.UTC(2026, 0, 1), '2026-01-01T00:00:00.000Z'],
    [Date.UTC(2026, 11, 31, 23, 59, 59, 7), '2026-12-31T23:59:59.007Z'],
    [0, '1970-01-01T00:00:00.000Z'],
  ])('formats %d as %s', (ms, text) => {
    expect(formatServerTime(ms)).toBe(text);
  });
});
