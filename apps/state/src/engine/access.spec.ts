import type { AccessEntry, AccessLevel, User } from '../model/types';
import {
  accessTargetOf,
  accessVerdict,
  minutesLeft,
  nickAccessBlocks,
  normalizeAccessMask,
  pruneExpired,
  serverAccessDenial,
} from './access';
import { defined } from '@portalchat/testkit';

const NOW = 1_700_000_000_000;

function entry(level: AccessLevel, mask: string, extra: Partial<AccessEntry> = {}): AccessEntry {
  return {
    level,
    mask: normalizeAccessMask(mask),
    expiresAt: 0,
    setBy: 'op!~op@h',
    setAt: NOW,
    reason: '',
    byOwner: false,
    ...extra,
  };
}

function user(nick: string, extra: Partial<User> = {}): User {
  return {
    uid: `uid-${nick}`,
    nick,
    nickTs: NOW,
    username: `~${nick}`,
    hostname: 'host.example.com',
    realname: nick,
    serverId: 10,
    serverName: 'irc.test',
    signonAt: NOW,
    modes: new Set(),
    channels: new Set(),
    access: [],
    ...extra,
  };
}

describe('normalizeAccessMask', () => {
  it.each([
    ['', '*!*@*$*'],
    ['piper', 'piper!*@*$*'],
    ['litware.com', '*!*@litware.com$*'],
    ['foo@bar', '*!foo@bar$*'],
    ['foo!bar', 'foo!bar@*$*'],
    ['n!u@h', 'n!u@h$*'],
    ['n!u@h$srv.test', 'n!u@h$srv.test'],
    ['$srv.test', '*!*@*$srv.test'],
    ['piper$srv', 'piper!*@*$srv'],
    ['!@$', '*!*@*$*'],
  ])('%j → %j', (mask, expected) => {
    expect(normalizeAccessMask(mask)).toBe(expected);
  });
});

describe('accessVerdict', () => {
  const bob = accessTargetOf(user('bob'));

  it('matches nick!user@host$server under rfc1459 casemapping', () => {
    expect(bob).toBe('bob!~bob@host.example.com$irc.test');
    expect(accessVerdict([entry('DENY', 'BOB')], bob, NOW)?.level).toBe('DENY');
    expect(accessVerdict([entry('DENY', '*!*@*$other.test')], bob, NOW)).toBeUndefined();
    expect(accessVerdict([entry('DENY', '*.example.com')], bob, NOW)?.level).toBe('DENY');
  });

  it('evaluates OWNER, HOST, VOICE, GRANT, DENY in that order, whatever the list order', () => {
    const list = [
      entry('DENY', 'bob', { reason: 'go away' }),
      entry('GRANT', 'bob'),
      entry('VOICE', 'bob'),
      entry('HOST', 'bob'),
      entry('OWNER', 'bob'),
    ];
    expect(accessVerdict(list, bob, NOW)?.level).toBe('OWNER');
    expect(accessVerdict(list.slice(0, 4), bob, NOW)?.level).toBe('HOST');
    expect(accessVerdict(list.slice(0, 3), bob, NOW)?.level).toBe('VOICE');
    expect(accessVerdict(list.slice(0, 2), bob, NOW)?.level).toBe('GRANT');
    expect(accessVerdict(list.slice(0, 1), bob, NOW)).toEqual({ level: 'DENY', reason: 'go away' });
  });

  it('says nothing when no entry matches and the list is not GRANT-only', () => {
    expect(accessVerdict([entry('DENY', 'carol'), entry('GRANT', 'dave')], bob, NOW)).toBeUndefined();
    expect(accessVerdict([], bob, NOW)).toBeUndefined();
  });

  it('refuses everyone not granted when the list has GRANT entries and no DENY', () => {
    expect(accessVerdict([entry('GRANT', 'carol')], bob, NOW)).toEqual({ level: 'DENY', reason: '' });
    expect(accessVerdict([entry('GRANT', 'bob')], bob, NOW)?.level).toBe('GRANT');
    // A HOST entry alone does not shut anyone out.
    expect(accessVerdict([entry('HOST', 'carol')], bob, NOW)).toBeUndefined();
  });

  it('ignores entries that have expired (expiresAt ≤ now; 0 is permanent)', () => {
    const list = [entry('DENY', 'bob', { expiresAt: NOW + 60_000 })];
    expect(accessVerdict(list, bob, NOW)?.level).toBe('DENY');
    expect(accessVerdict(list, bob, NOW + 60_000)).toBeUndefined();
    expect(accessVerdict([entry('DENY', 'bob', { expiresAt: 0 })], bob, NOW + 1e12)?.level).toBe('DENY');
  });
});

describe('pruneExpired and minutesLeft', () => {
  it('drops lapsed entries in place and rounds the time left up to minutes', () => {
    const list = [
      entry('DENY', 'a', { expiresAt: NOW + 90_000 }),
      entry('DENY', 'b', { expiresAt: NOW }),
      entry('GRANT', 'c'),
    ];
    pruneExpired(list, NOW);
    expect(list.map((e) => e.mask)).toEqual(['a!*@*$*', 'c!*@*$*']);
    expect(minutesLeft(defined(list[0], 'the kept DENY'), NOW)).toBe(2);
    expect(minutesLeft(defined(list[1], 'the kept GRANT'), NOW)).toBe(0);
  });
});

describe('nickAccessBlocks', () => {
  it('blocks senders a DENY on the target nick matches', () => {
    const alice = user('alice', { access: [entry('DENY', 'bob')] });
    expect(nickAccessBlocks(alice, user('bob'), NOW)).toBe(true);
    expect(nickAccessBlocks(alice, user('carol'), NOW)).toBe(false);
  });

  it('whitelists with GRANT-only lists, never blocks oneself or a sysop', () => {
    const alice = user('alice', { access: [entry('GRANT', 'carol')] });
    expect(nickAccessBlocks(alice, user('bob'), NOW)).toBe(true);
    expect(nickAccessBlocks(alice, user('carol'), NOW)).toBe(false);
    expect(nickAccessBlocks(alice, alice, NOW)).toBe(false);
    expect(nickAccessBlocks(alice, user('oper', { modes: new Set(['o']) }), NOW)).toBe(false);
  });
});

describe('serverAccessDenial', () => {
  it('reads $ and * as one list: a GRANT on one excepts from a DENY on the other', () => {
    const bob = user('bob');
    expect(serverAccessDenial([], [entry('DENY', '*.example.com', { reason: 'spam' })], bob, NOW)).toBe('spam');
    expect(serverAccessDenial([entry('GRANT', 'bob')], [entry('DENY', '*.example.com')], bob, NOW)).toBeUndefined();
    expect(serverAccessDenial([], [], bob, NOW)).toBeUndefined();
  });
});
