import { applyIsupport, DEFAULT_SUPPORT, isChannelName } from './isupport';
import { parseModeChanges } from './mode-changes';
import { displayPrefix, nickOf, parseNamesEntry, statusRank } from './names';

const ircx = applyIsupport(DEFAULT_SUPPORT, [
  'PREFIX=(qov).@+',
  'CHANTYPES=#&',
  'CHANMODES=beI,k,l,imnpst',
  'NETWORK=Portalnet',
]);
const plain = applyIsupport(DEFAULT_SUPPORT, ['PREFIX=(qov)~@+']);

describe('applyIsupport', () => {
  it('reads PREFIX, CHANTYPES, CHANMODES and NETWORK', () => {
    expect(ircx).toMatchObject({
      prefixModes: 'qov',
      prefixSymbols: '.@+',
      chanTypes: '#&',
      chanModes: ['beI', 'k', 'l', 'imnpst'],
      network: 'Portalnet',
    });
  });

  it.each(['PREFIX=(qo)@', 'PREFIX=garbage', 'CHANMODES=b,k'])('keeps the old value for a malformed %s', (token) => {
    const next = applyIsupport(ircx, [token]);
    expect(next.prefixModes).toBe('qov');
    expect(next.chanModes).toEqual(['beI', 'k', 'l', 'imnpst']);
  });
});

describe('isChannelName', () => {
  it.each([
    ['#chat', true],
    ['&local', true],
    ['%#ircx', true],
    ['nick', false],
    ['%nick', false],
    ['', false],
  ])('%s → %s', (name, expected) => expect(isChannelName(ircx, name)).toBe(expected));
});

describe('parseNamesEntry', () => {
  it.each([
    [ircx, '.@alice', 'alice', 'qo', '.'],
    [ircx, '@+bob', 'bob', 'ov', '@'],
    [ircx, '+carol', 'carol', 'v', '+'],
    [ircx, 'dave', 'dave', '', ''],
    [plain, '~@erin', 'erin', 'qo', '~'],
    [plain, '+@frank!f@host', 'frank', 'ov', '@'],
    [DEFAULT_SUPPORT, '@gina', 'gina', 'o', '@'],
  ])('%#: %s is %s with modes %s, shown as %s', (support, entry, nick, modes, symbol) => {
    const parsed = parseNamesEntry(support, entry);
    expect(parsed).toEqual({ nick, modes });
    expect(displayPrefix(support, parsed.modes)).toBe(symbol);
  });

  it('ranks owners before hosts, voices and members', () => {
    expect([statusRank(ircx, 'v'), statusRank(ircx, ''), statusRank(ircx, 'qo'), statusRank(ircx, 'o')]).toEqual([
      2, 3, 0, 1,
    ]);
  });
});

describe('nickOf', () => {
  it.each([
    ['alice!~a@127.0.0.1', 'alice'],
    ['irc.example.net', 'irc.example.net'],
    [undefined, ''],
  ])('%s → %s', (prefix, nick) => expect(nickOf(prefix)).toBe(nick));
});

describe('parseModeChanges', () => {
  it('takes parameters for status, list and key modes, and for +l only when set', () => {
    expect(parseModeChanges(ircx, '+qo-v+lk-l+b', ['alice', 'bob', 'carol', '10', 'secret', '*!*@bad'])).toEqual([
      { adding: true, mode: 'q', param: 'alice' },
      { adding: true, mode: 'o', param: 'bob' },
      { adding: false, mode: 'v', param: 'carol' },
      { adding: true, mode: 'l', param: '10' },
      { adding: true, mode: 'k', param: 'secret' },
      { adding: false, mode: 'l' },
      { adding: true, mode: 'b', param: '*!*@bad' },
    ]);
  });

  it('drops a change whose parameter is missing', () => {
    expect(parseModeChanges(ircx, '+nt+o', [])).toEqual([
      { adding: true, mode: 'n' },
      { adding: true, mode: 't' },
    ]);
  });
});
