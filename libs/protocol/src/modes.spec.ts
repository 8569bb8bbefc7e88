import { CHANNEL_MODE_SPEC, formatModeChanges, modeClassOf, parseModeString, type ModeChange } from './modes';

const spec = CHANNEL_MODE_SPEC;

describe('parseModeString', () => {
  it.each<[string, string[], ModeChange[]]>([
    ['+n', [], [{ add: true, mode: 'n' }]],
    ['n', [], [{ add: true, mode: 'n' }]],
    [
      '+nt-i',
      [],
      [
        { add: true, mode: 'n' },
        { add: true, mode: 't' },
        { add: false, mode: 'i' },
      ],
    ],
    ['+o', ['alice'], [{ add: true, mode: 'o', arg: 'alice' }]],
    [
      '+ov-v',
      ['a', 'b', 'c'],
      [
        { add: true, mode: 'o', arg: 'a' },
        { add: true, mode: 'v', arg: 'b' },
        { add: false, mode: 'v', arg: 'c' },
      ],
    ],
    ['+k', ['secret'], [{ add: true, mode: 'k', arg: 'secret' }]],
    ['-k', ['secret'], [{ add: false, mode: 'k', arg: 'secret' }]],
    ['-k', [], [{ add: false, mode: 'k' }]],
    ['+l', ['10'], [{ add: true, mode: 'l', arg: '10' }]],
    ['-l', ['10'], [{ add: false, mode: 'l' }]],
    [
      '-lk',
      ['key'],
      [
        { add: false, mode: 'l' },
        { add: false, mode: 'k', arg: 'key' },
      ],
    ],
    [
      '+b-e',
      ['x!*@*', 'y!*@*'],
      [
        { add: true, mode: 'b', arg: 'x!*@*' },
        { add: false, mode: 'e', arg: 'y!*@*' },
      ],
    ],
    ['+n', ['ignored'], [{ add: true, mode: 'n' }]],
    ['+-+n', [], [{ add: true, mode: 'n' }]],
  ])('%s %j → changes', (modes, args, expected) => {
    const parsed = parseModeString(modes, args, spec);
    expect(parsed.changes).toEqual(expected);
    expect(parsed.unknown).toEqual([]);
    expect(parsed.missingArg).toEqual([]);
  });

  it.each<[string, string[]]>([
    ['b', ['b']],
    ['+b', ['b']],
    ['eI', ['e', 'I']],
    ['bb', ['b']],
  ])('treats list modes without a mask as list queries: %s', (modes, queries) => {
    const parsed = parseModeString(modes, [], spec);
    expect(parsed.listQueries).toEqual(queries);
    expect(parsed.changes).toEqual([]);
  });

  it('reports unknown letters once each, without consuming arguments', () => {
    const parsed = parseModeString('+XoXZ', ['alice'], spec);
    expect(parsed.unknown).toEqual(['X', 'Z']);
    expect(parsed.changes).toEqual([{ add: true, mode: 'o', arg: 'alice' }]);
  });

  it.each<[string, ModeChange[]]>([
    ['+o', [{ add: true, mode: 'o' }]],
    ['+k', [{ add: true, mode: 'k' }]],
    ['+l', [{ add: true, mode: 'l' }]],
    ['-v', [{ add: false, mode: 'v' }]],
  ])('reports %s without its argument as missing', (modes, missing) => {
    const parsed = parseModeString(modes, [], spec);
    expect(parsed.missingArg).toEqual(missing);
    expect(parsed.changes).toEqual([]);
  });

  it('keeps going after a missing argument so flags still apply', () => {
    const parsed = parseModeString('+lm', [], spec);
    expect(parsed.missingArg).toEqual([{ add: true, mode: 'l' }]);
    expect(parsed.changes).toEqual([{ add: true, mode: 'm' }]);
  });

  it('returns nothing for an empty mode string', () => {
    expect(parseModeString('', ['x'], spec)).toEqual({ changes: [], listQueries: [], unknown: [], missingArg: [] });
  });

  it('works with a user-mode spec that has only flags', () => {
    const userSpec = { lists: '', alwaysArg: '', setArg: '', prefix: '', flags: 'iwso' };
    expect(parseModeString('+i-w', [], userSpec).changes).toEqual([
      { add: true, mode: 'i' },
      { add: false, mode: 'w' },
    ]);
  });
});

describe('modeClassOf', () => {
  it.each([
    ['b', 'lists'],
    ['k', 'alwaysArg'],
    ['l', 'setArg'],
    ['o', 'prefix'],
    ['m', 'flags'],
    ['Q', undefined],
  ])('classifies %s as %s', (mode, cls) => {
    expect(modeClassOf(mode, spec)).toBe(cls);
  });
});

describe('formatModeChanges', () => {
  it.each<[ModeChange[], string[]]>([
    [[], []],
    [[{ add: true, mode: 'n' }], ['+n']],
    [
      [
        { add: true, mode: 'o', arg: 'alice' },
        { add: false, mode: 'v', arg: 'bob' },
      ],
      ['+o-v', 'alice', 'bob'],
    ],
    [
      [
        { add: true, mode: 'o', arg: 'a' },
        { add: true, mode: 'v', arg: 'b' },
        { add: false, mode: 'k', arg: 'key' },
      ],
      ['+ov-k', 'a', 'b', 'key'],
    ],
    [
      [
        { add: false, mode: 'l' },
        { add: false, mode: 'i' },
        { add: true, mode: 'm' },
      ],
      ['-li+m'],
    ],
  ])('formats %j as %j', (changes, expected) => {
    expect(formatModeChanges(changes)).toEqual(expected);
  });

  it.each([
    ['+ov-k', ['a', 'b', 'key']],
    ['+nt', []],
    ['-l+kb', ['key', 'x!*@*']],
    ['+beI-o', ['a!*@*', 'b!*@*', 'c!*@*', 'nick']],
  ])('round-trips %s %j', (modes, args) => {
    const parsed = parseModeString(modes, args, spec);
    expect(formatModeChanges(parsed.changes)).toEqual([modes, ...args]);
  });
});
