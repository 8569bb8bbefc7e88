import { Harness, operatorAccount, type ConfigOverrides } from '../testing/harness';

/** IRCX join rules: ACCESS, +a, OWNERKEY/HOSTKEY, sysops, creator status, KNOCK, ONJOIN/ONPART. */

/** `owner` (IRCX) made #a by CREATE and is its owner; `modes` applied after. */
function setup(modes = '', overrides: ConfigOverrides = {}) {
  const h = new Harness(overrides);
  const owner = h.connect('owner').ircx();
  owner.send('CREATE #a');
  if (modes) owner.send(`MODE #a ${modes}`);
  owner.lines();
  const channel = h.state.channel('#a');
  if (!channel) throw new Error('no #a');
  return { h, owner, channel };
}

describe('JOIN with IRCX ACCESS', () => {
  it('refuses a DENY even with the right key, with the entry reason (474)', () => {
    const { h, owner } = setup('+k sesame');
    owner.send('ACCESS #a ADD DENY bob 0 :Not you, Bob');
    const bob = h.connect('bob');
    expect(bob.ask('JOIN #a sesame')).toEqual([':irc.test 474 bob #a :Not you, Bob']);
    owner.send('ACCESS #a ADD DENY carol');
    expect(h.connect('carol').ask('JOIN #a sesame')).toEqual([':irc.test 474 carol #a :Cannot join channel (+b)']);
  });

  it.each([
    ['OWNER', '.bob', '~bob'],
    ['HOST', '@bob', '@bob'],
    ['VOICE', '+bob', '+bob'],
    ['GRANT', 'bob', 'bob'],
  ])('lets %s entries past +i, +k, +l and +b with their status', (level, ircxName, plainName) => {
    const { h, owner } = setup('+iklb key 1 bob');
    owner.send(`ACCESS #a ADD ${level} bob`);
    const bob = h.connect('bob').ircx();
    expect(bob.ask('JOIN #a')).toEqual([
      ':bob!~bob@127.0.2.1 JOIN #a',
      `:irc.test 353 bob = #a :.owner ${ircxName}`,
      ':irc.test 366 bob #a :End of /NAMES list',
    ]);
    bob.send('PART #a');
    const plain = h.connect('bob2', { username: 'bob' });
    owner.send('ACCESS #a ADD ' + level + ' bob2');
    expect(plain.ask('JOIN #a')[1]).toBe(`:irc.test 353 bob2 = #a :~owner ${plainName.replace('bob', 'bob2')}`);
  });

  it('refuses everyone not granted once the list has GRANT entries and no DENY', () => {
    const { h, owner } = setup();
    owner.send('ACCESS #a ADD GRANT carol');
    expect(h.connect('bob').ask('JOIN #a')).toEqual([':irc.test 474 bob #a :Cannot join channel (+b)']);
    expect(h.connect('carol').ask('JOIN #a')[0]).toMatch(/^:carol!\S+ JOIN #a$/);
  });

  it('forgets an entry once its time is up', () => {
    const { h, owner } = setup();
    owner.send('ACCESS #a ADD DENY bob 2');
    const bob = h.connect('bob');
    h.advance(119_000);
    expect(bob.ask('JOIN #a')).toEqual([':irc.test 474 bob #a :Cannot join channel (+b)']);
    h.advance(1_000);
    expect(bob.ask('JOIN #a')[0]).toBe(':bob!~bob@127.0.2.1 JOIN #a');
  });
});

describe('JOIN of a +a (authonly) channel', () => {
  it('refuses anonymous users, whatever their ACCESS, and takes users with an account', () => {
    const { h, owner } = setup('+a');
    owner.send('ACCESS #a ADD VOICE bob');
    const bob = h.connect('bob');
    expect(bob.ask('JOIN #a')).toEqual([':irc.test 474 bob #a :Only authenticated users may join']);
    bob.user.account = 'bob@portal';
    expect(bob.ask('JOIN #a')[0]).toBe(':bob!~bob@127.0.2.1 JOIN #a');
  });
});

describe('JOIN with OWNERKEY and HOSTKEY', () => {
  it('makes the joiner owner or host, past +i and the limit; MEMBERKEY is the +k key', () => {
    const { h, channel } = setup('+ikl member 1');
    channel.props.set('OWNERKEY', 'crown');
    channel.props.set('HOSTKEY', 'badge');
    const bob = h.connect('bob').ircx();
    expect(bob.ask('JOIN #a crown')[1]).toBe(':irc.test 353 bob = #a :.owner .bob');
    const carol = h.connect('carol').ircx();
    expect(carol.ask('JOIN #a badge')[1]).toBe(':irc.test 353 carol = #a :.owner .bob @carol');
    // The member key does not lift +i or the limit.
    expect(h.connect('dave').ask('JOIN #a member')).toEqual([':irc.test 473 dave #a :Cannot join channel (+i)']);
  });
});

describe('JOIN by sysops', () => {
  const admin = { ...operatorAccount('boss', 'pw'), level: 'admin' as const };
  const sysop = operatorAccount('root', 'pw');

  it('lets a sysop manager in anywhere, as owner', () => {
    const { h, owner } = setup('+ib boss', { operators: [admin] });
    owner.send('ACCESS #a ADD DENY boss');
    const boss = h.connect('boss');
    boss.send('OPER boss pw');
    expect(boss.ask('JOIN #a')[1]).toBe(':irc.test 353 boss = #a :~owner ~boss');
  });

  it('makes sysops owners of dynamic channels when sysopIsOwner is on', () => {
    const { h } = setup('', { operators: [sysop], ircx: { sysopIsOwner: true } });
    const root = h.connect('root');
    root.send('OPER root pw');
    expect(root.ask('JOIN #a')[1]).toBe(':irc.test 353 root = #a :~owner ~root');
    expect(root.ask('JOIN #new')[1]).toBe(':irc.test 353 root = #new ~root');
  });
});

describe('JOIN creating a channel', () => {
  it.each([
    ['host', '@alice'],
    ['owner', '~alice'],
    ['none', 'alice'],
  ] as const)('gives the creator config.ircx.creatorOnJoin = %s', (creatorOnJoin, name) => {
    const h = new Harness({ ircx: { creatorOnJoin } });
    expect(h.connect('alice').ask('JOIN #new')[1]).toBe(`:irc.test 353 alice = #new ${name}`);
  });

  it('answers 403 for a missing channel when dynamic channels are off', () => {
    const h = new Harness({ ircx: { allowDynamicChannels: false } });
    expect(h.connect('alice').ask('JOIN #new')).toEqual([':irc.test 403 alice #new :No such channel']);
    expect(h.state.channel('#new')).toBeUndefined();
  });

  it('takes IRCX %# names with escapes, compared without case', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    expect(alice.ask('JOIN %#Caf\\bé')[0]).toBe(':alice!~alice@127.0.1.1 JOIN %#Caf\\bé');
    expect(h.connect('bob').ask('JOIN %#CAF\\bé')[0]).toBe(':bob!~bob@127.0.2.1 JOIN %#Caf\\bé');
  });
});

describe('KNOCK on +u channels', () => {
  it('tells IRCX owners and hosts with KNOCK and plain ones with a NOTICE', () => {
    const { h, owner } = setup('+ui');
    const plainHost = h.connect('phost');
    h.addToChannel('#a', plainHost, 'o');
    const member = h.connect('member').ircx();
    h.addToChannel('#a', member);
    const bob = h.connect('bob');
    expect(bob.ask('JOIN #a')).toEqual([':irc.test 473 bob #a :Cannot join channel (+i)']);
    expect(owner.lines()).toEqual([':bob!~bob@127.0.4.1 KNOCK #a 473']);
    expect(plainHost.lines()).toEqual([':irc.test NOTICE #a :bob knocked (Cannot join channel (+i))']);
    expect(member.lines()).toEqual([]);
  });

  it('stays quiet without +u', () => {
    const { h, owner } = setup('+i');
    h.connect('bob').send('JOIN #a');
    expect(owner.lines()).toEqual([]);
  });
});

describe('ONJOIN and ONPART', () => {
  it('sends ONJOIN lines to the joiner after NAMES and ONPART to the one who leaves', () => {
    const { h, channel } = setup();
    channel.props.set('ONJOIN', 'Welcome!\\nBe nice.');
    channel.props.set('ONPART', 'Bye');
    const bob = h.connect('bob');
    expect(bob.ask('JOIN #a').slice(-3)).toEqual([
      ':irc.test 366 bob #a :End of /NAMES list',
      ':#a PRIVMSG bob Welcome!',
      ':#a PRIVMSG bob :Be nice.',
    ]);
    expect(bob.ask('PART #a')).toEqual([':bob!~bob@127.0.2.1 PART #a', ':#a NOTICE bob Bye']);
  });
});
