import type { AccessEntry, AccessLevel, Channel, User } from '../model/types';
import {
  channelSymbol,
  hostmaskOf,
  isBanned,
  isChannelVisibleTo,
  joinDecision,
  joinRefusal,
  normalizeMask,
  sendRefusal,
} from './channel-rules';

function makeUser(nick: string, username = nick, hostname = '127.0.0.1'): User {
  return {
    uid: `U-${nick}`,
    nick,
    nickTs: 0,
    username,
    hostname,
    realname: nick,
    serverId: 10,
    serverName: 'irc.test',
    signonAt: 0,
    modes: new Set(),
    channels: new Set(),
    access: [],
  };
}

function makeChannel(setup: (c: Channel) => void = () => {}): Channel {
  const channel: Channel = {
    name: '#test',
    createdAt: 0,
    modes: new Set(['n', 't']),
    lists: { b: [], e: [], I: [] },
    members: new Map(),
    invited: new Set(),
    props: new Map(),
    access: [],
    registered: false,
    serverCounts: new Map(),
  };
  setup(channel);
  return channel;
}

const entry = (mask: string) => ({ mask, setBy: 'op!o@h', setAt: 0 });

describe('normalizeMask', () => {
  it.each([
    ['foo', 'foo!*@*'],
    ['foo!bar', 'foo!bar@*'],
    ['foo@bar', '*!foo@bar'],
    ['a!b@c', 'a!b@c'],
    ['*!*@127.*', '*!*@127.*'],
    ['!@', '*!*@*'],
    ['nick!', 'nick!*@*'],
    ['@host', '*!*@host'],
  ])('normalises %s to %s', (mask, expected) => {
    expect(normalizeMask(mask)).toBe(expected);
  });
});

describe('isBanned', () => {
  const alice = makeUser('alice', '~al', 'example.com');

  it.each([
    [['alice!*@*'], [], true],
    [['ALICE!*@*'], [], true],
    [['*!~al@*.com'], [], true],
    [['bob!*@*'], [], false],
    [['*!*@*'], ['alice!*@*'], false],
    [['*!*@*'], ['bob!*@*'], true],
    [[], ['alice!*@*'], false],
  ])('bans %j with exceptions %j → %s', (bans, excepts, expected) => {
    const channel = makeChannel((c) => {
      c.lists.b = bans.map(entry);
      c.lists.e = excepts.map(entry);
    });
    expect(isBanned(channel, hostmaskOf(alice))).toBe(expected);
  });
});

describe('joinRefusal', () => {
  const alice = makeUser('alice');

  it('admits anyone to a plain channel', () => {
    expect(joinRefusal(makeChannel(), alice, undefined)).toBeUndefined();
  });

  it.each<[string, (c: Channel) => void, string | undefined, string | undefined]>([
    ['banned', (c) => (c.lists.b = [entry('alice!*@*')]), undefined, 'banned'],
    [
      'banned but excepted',
      (c) => ((c.lists.b = [entry('*!*@*')]), (c.lists.e = [entry('alice!*@*')])),
      undefined,
      undefined,
    ],
    ['banned but invited', (c) => ((c.lists.b = [entry('*!*@*')]), c.invited.add(alice.uid)), undefined, undefined],
    ['invite-only', (c) => c.modes.add('i'), undefined, 'invite-only'],
    ['invite-only, invited', (c) => (c.modes.add('i'), c.invited.add(alice.uid)), undefined, undefined],
    ['invite-only, +I match', (c) => (c.modes.add('i'), (c.lists.I = [entry('al*!*@*')])), undefined, undefined],
    [
      '+I does not lift a ban',
      (c) => ((c.lists.b = [entry('*!*@*')]), (c.lists.I = [entry('*!*@*')])),
      undefined,
      'banned',
    ],
    ['keyed, no key', (c) => (c.key = 'secret'), undefined, 'bad-key'],
    ['keyed, wrong key', (c) => (c.key = 'secret'), 'nope', 'bad-key'],
    ['keyed, right key', (c) => (c.key = 'secret'), 'secret', undefined],
    ['keyed, invited still needs the key', (c) => ((c.key = 'secret'), c.invited.add(alice.uid)), undefined, 'bad-key'],
    [
      'full',
      (c) => ((c.limit = 1), c.members.set('x', { user: makeUser('x'), modes: new Set(), joinedAt: 0 })),
      undefined,
      'channel-full',
    ],
    [
      'full, invited',
      (c) => (
        (c.limit = 1),
        c.members.set('x', { user: makeUser('x'), modes: new Set(), joinedAt: 0 }),
        c.invited.add(alice.uid)
      ),
      undefined,
      undefined,
    ],
    [
      'banned and invite-only: ban first',
      (c) => ((c.lists.b = [entry('*!*@*')]), c.modes.add('i')),
      undefined,
      'banned',
    ],
  ])('%s', (_name, setup, key, expected) => {
    expect(joinRefusal(makeChannel(setup), alice, key)).toBe(expected);
  });
});

describe('joinDecision (IRCX)', () => {
  const alice = makeUser('alice');
  const policy = { sysopIsOwner: false };
  const access = (level: AccessLevel, mask = 'alice!*@*$*', reason = ''): AccessEntry => ({
    level,
    mask,
    expiresAt: 0,
    setBy: 'op',
    setAt: 0,
    reason,
    byOwner: false,
  });
  const locked = (c: Channel) => {
    c.modes.add('i');
    c.key = 'member';
    c.lists.b = [entry('*!*@*')];
  };

  it.each<[string, (c: Channel) => void, string | undefined, object]>([
    [
      'DENY before a right key',
      (c) => ((c.key = 'k'), (c.access = [access('DENY', 'alice!*@*$*', 'no')])),
      'k',
      { refusal: 'access-denied', reason: 'no' },
    ],
    ['OWNER past +i +k +b', (c) => (locked(c), (c.access = [access('OWNER')])), undefined, { status: 'q' }],
    ['HOST past +i +k +b', (c) => (locked(c), (c.access = [access('HOST')])), undefined, { status: 'o' }],
    ['VOICE past +i +k +b', (c) => (locked(c), (c.access = [access('VOICE')])), undefined, { status: 'v' }],
    ['GRANT past +i +k +b', (c) => (locked(c), (c.access = [access('GRANT')])), undefined, { status: '' }],
    [
      '+a before ACCESS grants',
      (c) => (c.modes.add('a'), (c.access = [access('OWNER')])),
      undefined,
      { refusal: 'auth-only' },
    ],
    ['OWNERKEY', (c) => (locked(c), c.props.set('OWNERKEY', 'crown')), 'crown', { status: 'q' }],
    ['HOSTKEY', (c) => (locked(c), c.props.set('HOSTKEY', 'badge')), 'badge', { status: 'o' }],
    ['MEMBERKEY is +k', (c) => (c.key = 'member'), 'member', { status: '' }],
    ['the RFC checks last', (c) => c.modes.add('i'), undefined, { refusal: 'invite-only' }],
  ])('%s', (_name, setup, key, expected) => {
    expect(joinDecision(makeChannel(setup), alice, key, 0, policy)).toEqual(expected);
  });

  it('lets a sysop manager in as owner, and a sysop on dynamic channels with sysopIsOwner', () => {
    const denied = makeChannel((c) => (c.access = [access('DENY', '*!*@*$*')]));
    expect(joinDecision(denied, { ...alice, modes: new Set(['o', 'a']) }, undefined, 0, policy)).toEqual({
      status: 'q',
    });
    const sysop = { ...alice, modes: new Set(['o']) };
    expect(joinDecision(denied, sysop, undefined, 0, policy)).toEqual({ refusal: 'access-denied', reason: '' });
    expect(joinDecision(denied, sysop, undefined, 0, { sysopIsOwner: true })).toEqual({ status: 'q' });
    denied.registered = true;
    expect(joinDecision(denied, sysop, undefined, 0, { sysopIsOwner: true })).toEqual({
      refusal: 'access-denied',
      reason: '',
    });
  });
});

describe('sendRefusal', () => {
  const alice = makeUser('alice');
  const member =
    (modes: string[] = []) =>
    (c: Channel) =>
      c.members.set(alice.uid, { user: alice, modes: new Set(modes), joinedAt: 0 });

  it.each<[string, (c: Channel) => void, string | undefined]>([
    ['outsider on +n', () => {}, 'not-member'],
    ['outsider on -n', (c) => c.modes.delete('n'), undefined],
    ['member', member(), undefined],
    ['member on +m', (c) => (member()(c), c.modes.add('m')), 'moderated'],
    ['voiced on +m', (c) => (member(['v'])(c), c.modes.add('m')), undefined],
    ['op on +m', (c) => (member(['o'])(c), c.modes.add('m')), undefined],
    ['banned member', (c) => (member()(c), (c.lists.b = [entry('alice!*@*')])), 'banned'],
    [
      'banned but excepted member',
      (c) => (member()(c), (c.lists.b = [entry('*!*@*')]), (c.lists.e = [entry('alice!*@*')])),
      undefined,
    ],
    ['banned voiced member', (c) => (member(['v'])(c), (c.lists.b = [entry('alice!*@*')])), undefined],
  ])('%s → %s', (_name, setup, expected) => {
    expect(sendRefusal(makeChannel(setup), alice)).toBe(expected);
  });
});

describe('channelSymbol', () => {
  it.each([
    [[], '='],
    [['p'], '*'],
    [['s'], '@'],
    [['s', 'p'], '@'],
  ])('modes %j → %s', (modes, symbol) => {
    expect(channelSymbol(makeChannel((c) => modes.forEach((m) => c.modes.add(m))))).toBe(symbol);
  });
});

describe('isChannelVisibleTo', () => {
  const alice = makeUser('alice');
  it('shows public channels to everyone and hides +s/+p from outsiders', () => {
    expect(isChannelVisibleTo(makeChannel(), alice)).toBe(true);
    expect(
      isChannelVisibleTo(
        makeChannel((c) => c.modes.add('s')),
        alice,
      ),
    ).toBe(false);
    expect(
      isChannelVisibleTo(
        makeChannel((c) => c.modes.add('p')),
        alice,
      ),
    ).toBe(false);
    const secretWithAlice = makeChannel((c) => {
      c.modes.add('s');
      c.members.set(alice.uid, { user: alice, modes: new Set(), joinedAt: 0 });
    });
    expect(isChannelVisibleTo(secretWithAlice, alice)).toBe(true);
  });
});
