import type { Channel } from '../model/types';
import { exactNamesOnly, matchesListFilter, parseListFilter } from './list-filter';

function channelWith(name: string, members: number): Channel {
  const channel: Channel = {
    name,
    createdAt: 0,
    modes: new Set(),
    lists: { b: [], e: [], I: [] },
    members: new Map(),
    invited: new Set(),
    serverCounts: new Map(),
    props: new Map(),
    access: [],
    registered: false,
  };
  for (let i = 0; i < members; i++) channel.members.set(`u${i}`, {} as never);
  return channel;
}

describe('parseListFilter', () => {
  it('sorts items into names, masks, negations and counts', () => {
    const filter = parseListFilter('#Foo,*bar*,!*baz*,>2,<10');
    expect([...filter.names]).toEqual(['#foo']);
    expect(filter.masks).toEqual(['*bar*']);
    expect(filter.negatedMasks).toEqual(['*baz*']);
    expect(filter.minUsersExclusive).toBe(2);
    expect(filter.maxUsersExclusive).toBe(10);
  });

  it('accepts nothing as "every channel"', () => {
    expect(matchesListFilter(channelWith('#a', 1), parseListFilter(undefined))).toBe(true);
  });
});

describe('matchesListFilter', () => {
  it.each([
    ['#chat', '#chat', 1, true],
    ['#CHAT', '#chat', 1, true],
    ['#other', '#chat', 1, false],
    ['*ha*', '#chat', 1, true],
    ['*zz*', '#chat', 1, false],
    ['!*ha*', '#chat', 1, false],
    ['!*zz*', '#chat', 1, true],
    ['>2', '#chat', 3, true],
    ['>2', '#chat', 2, false],
    ['<3', '#chat', 2, true],
    ['<3', '#chat', 3, false],
    ['*ch*,>5', '#chat', 3, false],
    ['#a,#chat', '#chat', 1, true],
  ])('%s against %s with %i users → %s', (arg, name, members, expected) => {
    expect(matchesListFilter(channelWith(name, members), parseListFilter(arg))).toBe(expected);
  });
});

describe('exactNamesOnly', () => {
  it('returns the names only when nothing else filters', () => {
    expect(exactNamesOnly(parseListFilter('#a,#b'))).toEqual(new Set(['#a', '#b']));
    expect(exactNamesOnly(parseListFilter('#a,>1'))).toBeUndefined();
    expect(exactNamesOnly(parseListFilter(''))).toBeUndefined();
  });
});
