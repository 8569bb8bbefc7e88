import { Harness } from '../testing/harness';
import { defined } from '@portalchat/testkit';

function setup(aliceCaps: string[] = []) {
  const h = new Harness();
  const alice = h.connect('alice', { caps: aliceCaps });
  const bob = h.connect('bob');
  const carol = h.connect('carol');
  alice.send('JOIN #a');
  bob.send('JOIN #a');
  for (const c of [alice, bob, carol]) c.lines();
  return { h, alice, bob, carol };
}

describe('PRIVMSG', () => {
  it('delivers a channel message to every member but the sender', () => {
    const { alice, bob, carol } = setup();
    expect(alice.ask('PRIVMSG #a :hello all')).toEqual([]);
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 PRIVMSG #a :hello all']);
    expect(carol.lines()).toEqual([]);
  });

  it('delivers a private message and echoes to echo-message clients with the same tags', () => {
    const h = new Harness();
    const bystander = h.connect('bystander');
    const alice2 = h.connect('alice', { caps: ['echo-message', 'server-time', 'message-tags'] });
    const dave = h.connect('dave', { caps: ['message-tags'] });
    const echoed = alice2.ask('@+draft/react=x PRIVMSG dave :hi dave');
    expect(echoed).toHaveLength(1);
    expect(echoed[0]).toMatch(
      /^@\+draft\/react=x;msgid=\S+;time=2024-01-02T03:04:05.000Z :alice!~alice@\S+ PRIVMSG dave :hi dave$/,
    );
    const received = dave.lines();
    expect(received).toHaveLength(1);
    const msgid = /msgid=([^; ]+)/.exec(defined(received[0], 'the received line'))?.[1];
    expect(echoed[0]).toContain(`msgid=${msgid}`);
    expect(received[0]).toMatch(/^@\+draft\/react=x;msgid=\S+ :alice!~alice@\S+ PRIVMSG dave :hi dave$/);
    expect(bystander.lines()).toEqual([]);
  });

  it('adds server-time only for clients that asked', () => {
    const h = new Harness();
    const a = h.connect('a', { caps: ['server-time'] });
    const b = h.connect('b');
    a.send('JOIN #x');
    b.send('JOIN #x');
    a.lines();
    b.send('PRIVMSG #x :tick');
    expect(a.lines()).toEqual(['@time=2024-01-02T03:04:05.000Z :b!~b@127.0.2.1 PRIVMSG #x tick']);
  });

  it('answers 301 when the target is away', () => {
    const { alice, carol } = setup();
    carol.send('AWAY :gone');
    expect(alice.ask('PRIVMSG carol :psst')).toEqual([':irc.test 301 alice carol gone']);
  });

  it.each([
    ['PRIVMSG', ':irc.test 411 alice :No recipient given (PRIVMSG)'],
    ['PRIVMSG bob', ':irc.test 412 alice :No text to send'],
    ['PRIVMSG bob :', ':irc.test 412 alice :No text to send'],
    ['PRIVMSG ghost :hi', ':irc.test 401 alice ghost :No such nick/channel'],
    ['PRIVMSG #ghost :hi', ':irc.test 401 alice #ghost :No such nick/channel'],
    ['PRIVMSG a,b,c,d,e :hi', ':irc.test 407 alice e :Too many recipients'],
  ])('%s → error', (line, expected) => {
    const { alice } = setup();
    expect(alice.ask(line)).toEqual([expected]);
  });

  it('refuses outsiders on +n, unvoiced on +m and banned members with 404', () => {
    const { alice, bob, carol } = setup();
    expect(carol.ask('PRIVMSG #a :hi')).toEqual([':irc.test 404 carol #a :Cannot send to channel (+n)']);
    alice.send('MODE #a -n');
    expect(carol.ask('PRIVMSG #a :hi')).toEqual([]);
    alice.send('MODE #a +m');
    expect(bob.ask('PRIVMSG #a :hi')).toEqual([':irc.test 404 bob #a :Cannot send to channel (+m)']);
    alice.send('MODE #a -m+b bob');
    expect(bob.ask('PRIVMSG #a :hi')).toEqual([':irc.test 404 bob #a :Cannot send to channel (+b)']);
    alice.send('MODE #a +e bob');
    bob.lines();
    expect(bob.ask('PRIVMSG #a :hi')).toEqual([]);
  });

  it('sends @#chan only to operators', () => {
    const { h, alice, bob } = setup();
    const dave = h.connect('dave');
    dave.send('JOIN #a');
    alice.send('MODE #a +v dave');
    alice.lines();
    dave.lines();
    bob.send('PRIVMSG @#a :ops only');
    expect(alice.lines()).toEqual([':bob!~bob@127.0.2.1 PRIVMSG @#a :ops only']);
    expect(dave.lines()).toEqual([]);
    bob.send('PRIVMSG +#a :voiced too');
    expect(alice.lines()).toHaveLength(1);
    expect(dave.lines()).toEqual([':bob!~bob@127.0.2.1 PRIVMSG +#a :voiced too']);
  });

  it('counts an IRCX owner among the operators of @#chan and +#chan', () => {
    const h = new Harness();
    const owner = h.connect('owner');
    owner.send('IRCX');
    owner.send('CREATE #o');
    const bob = h.connect('bob');
    bob.send('JOIN #o');
    owner.lines();
    bob.send('PRIVMSG @#o :ops only');
    bob.send('PRIVMSG +#o :voiced too');
    expect(owner.lines()).toEqual([
      ':bob!~bob@127.0.2.1 PRIVMSG @#o :ops only',
      ':bob!~bob@127.0.2.1 PRIVMSG +#o :voiced too',
    ]);
  });

  it('delivers to several targets', () => {
    const { alice, bob, carol } = setup();
    alice.send('PRIVMSG #a,carol :both');
    expect(bob.lines()).toHaveLength(1);
    expect(carol.lines()).toEqual([':alice!~alice@127.0.1.1 PRIVMSG carol both']);
  });
});

describe('NOTICE', () => {
  it.each(['NOTICE', 'NOTICE bob', 'NOTICE ghost :x', 'NOTICE #ghost :x', 'NOTICE a,b,c,d,e :x'])(
    'stays silent on errors: %s',
    (line) => {
      const { alice } = setup();
      expect(alice.ask(line)).toEqual([]);
    },
  );

  it('stays silent when the channel refuses it and delivers otherwise', () => {
    const { alice, bob, carol } = setup();
    expect(carol.ask('NOTICE #a :hi')).toEqual([]);
    expect(bob.lines()).toEqual([]);
    alice.send('NOTICE #a :note');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 NOTICE #a note']);
  });

  it('does not answer 301 for away users', () => {
    const { alice, carol } = setup();
    carol.send('AWAY :gone');
    expect(alice.ask('NOTICE carol :x')).toEqual([]);
  });
});

describe('TAGMSG', () => {
  it('reaches only message-tags clients', () => {
    const h = new Harness();
    const a = h.connect('a');
    const tagged = h.connect('tagged', { caps: ['message-tags'] });
    const plain = h.connect('plain');
    for (const c of [a, tagged, plain]) c.send('JOIN #t');
    tagged.lines();
    plain.lines();
    a.send('@+typing=active TAGMSG #t');
    expect(tagged.lines()).toEqual([expect.stringMatching(/^@\+typing=active;msgid=\S+ :a!~a@\S+ TAGMSG #t$/)]);
    expect(plain.lines()).toEqual([]);
  });
});

describe('client tag data limit', () => {
  it('irctest testLengthLimits: relays 4094 bytes of tag data and answers 417 to 4095', () => {
    const { alice, bob } = setup(['message-tags', 'echo-message']);
    const atLimit = `@foo=bar;+baz=${'a'.repeat(4081)} TAGMSG #a`;
    expect(atLimit.indexOf('TAGMSG')).toBe(4096);
    const echo = alice.ask(atLimit);
    expect(echo).toHaveLength(1);
    expect(echo[0]).toContain(`+baz=${'a'.repeat(4081)}`);
    const over = `@foo=bar;+baz=${'a'.repeat(4082)} PRIVMSG #a :hi`;
    expect(alice.ask(over)).toEqual([':irc.test 417 alice :Input line was too long']);
    expect(bob.lines()).toEqual([]); // no message-tags: the TAGMSG is not for him, the PRIVMSG was refused
  });
});
