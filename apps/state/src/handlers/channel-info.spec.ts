import { Harness } from '../testing/harness';
import { defined } from '@portalchat/testkit';

function twoInChannel(overrides = {}) {
  const h = new Harness(overrides);
  const alice = h.connect('alice');
  const bob = h.connect('bob');
  alice.send('JOIN #a');
  bob.send('JOIN #a');
  alice.lines();
  bob.lines();
  return { h, alice, bob };
}

describe('TOPIC', () => {
  it('answers 331 when no topic is set', () => {
    const { alice } = twoInChannel();
    expect(alice.ask('TOPIC #a')).toEqual([':irc.test 331 alice #a :No topic is set']);
  });

  it('sets the topic, broadcasts it and answers 332/333 afterwards', () => {
    const { h, alice, bob } = twoInChannel();
    expect(alice.ask('TOPIC #a :new topic')).toEqual([':alice!~alice@127.0.1.1 TOPIC #a :new topic']);
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 TOPIC #a :new topic']);
    expect(bob.ask('TOPIC #a')).toEqual([
      ':irc.test 332 bob #a :new topic',
      `:irc.test 333 bob #a alice!~alice@127.0.1.1 ${Math.floor(h.now / 1000)}`,
    ]);
  });

  it('clears the topic with an empty text', () => {
    const { alice } = twoInChannel();
    alice.send('TOPIC #a :x');
    expect(alice.ask('TOPIC #a :')).toEqual([':alice!~alice@127.0.1.1 TOPIC #a :']);
    expect(alice.ask('TOPIC #a')).toEqual([':irc.test 331 alice #a :No topic is set']);
  });

  it('refuses non-operators on +t with 482 and allows them on -t', () => {
    const { alice, bob } = twoInChannel();
    expect(bob.ask('TOPIC #a :mine')).toEqual([":irc.test 482 bob #a :You're not channel operator"]);
    alice.send('MODE #a -t');
    expect(bob.ask('TOPIC #a :mine')).toEqual([':bob!~bob@127.0.2.1 TOPIC #a mine']);
  });

  it('refuses outsiders with 442 and unknown channels with 403', () => {
    const { h } = twoInChannel();
    const carol = h.connect('carol');
    expect(carol.ask('TOPIC #a :x')).toEqual([":irc.test 442 carol #a :You're not on that channel"]);
    expect(carol.ask('TOPIC #nope')).toEqual([':irc.test 403 carol #nope :No such channel']);
  });

  it('truncates the topic to topicLength', () => {
    const { alice } = twoInChannel({ limits: { topicLength: 5 } });
    expect(alice.ask('TOPIC #a :abcdefgh')).toEqual([':alice!~alice@127.0.1.1 TOPIC #a abcde']);
  });
});

describe('NAMES', () => {
  it('lists members with the highest prefix only by default', () => {
    const { alice } = twoInChannel();
    alice.send('MODE #a +v alice');
    alice.lines();
    expect(alice.ask('NAMES #a')).toEqual([
      ':irc.test 353 alice = #a :@alice bob',
      ':irc.test 366 alice #a :End of /NAMES list',
    ]);
  });

  it('lists every prefix with multi-prefix and user@host with userhost-in-names', () => {
    const h = new Harness();
    const alice = h.connect('alice', { caps: ['multi-prefix', 'userhost-in-names'] });
    alice.send('JOIN #a');
    alice.send('MODE #a +v alice');
    expect(alice.ask('NAMES #a')[0]).toBe(':irc.test 353 alice = #a @+alice!~alice@127.0.1.1');
  });

  it('shows the channel type: * for +p, @ for +s', () => {
    const { alice } = twoInChannel();
    alice.send('MODE #a +p');
    expect(alice.ask('NAMES #a')[0]).toMatch(/ 353 alice \* #a /);
    alice.send('MODE #a -p+s');
    expect(alice.ask('NAMES #a')[0]).toMatch(/ 353 alice @ #a /);
  });

  it('hides secret channels and +i users from outsiders', () => {
    const { h, alice, bob } = twoInChannel();
    bob.send('MODE bob +i');
    const carol = h.connect('carol');
    expect(carol.ask('NAMES #a')[0]).toBe(':irc.test 353 carol = #a @alice');
    alice.send('MODE #a +s');
    expect(carol.ask('NAMES #a')).toEqual([':irc.test 366 carol #a :End of /NAMES list']);
  });

  it('answers a bare NAMES with 366 * only', () => {
    const { alice } = twoInChannel();
    expect(alice.ask('NAMES')).toEqual([':irc.test 366 alice * :End of /NAMES list']);
  });

  it('splits long member lists over several 353 lines within 512 bytes', () => {
    const h = new Harness({ limits: { maxConnectionsPerIp: 1000 } });
    const nicks = Array.from({ length: 60 }, (_, i) => `member${String(i).padStart(20, 'x')}`);
    for (const nick of nicks) h.connect(nick).send('JOIN #big');
    const viewer = h.connect('viewer');
    viewer.send('JOIN #big');
    const lines = viewer.lines().filter((l) => / 353 /.test(l));
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(Buffer.byteLength(`${line}\r\n`)).toBeLessThanOrEqual(512);
    const names = lines
      .flatMap((l) => defined(l.split(' :')[1], 'the names of a 353').split(' '))
      .map((n) => n.replace(/^[@+]/, ''));
    expect(new Set(names)).toEqual(new Set([...nicks, 'viewer']));
  });
});

describe('LIST', () => {
  function channels() {
    const h = new Harness();
    const alice = h.connect('alice');
    alice.send('JOIN #chat,#code,#secret,#private');
    alice.send('TOPIC #chat :talk here');
    alice.send('MODE #secret +s');
    alice.send('MODE #private +p');
    h.connect('bob').send('JOIN #chat');
    return { h, alice, carol: h.connect('carol') };
  }

  it('lists visible channels with count, modes and topic, then 323', () => {
    const { carol } = channels();
    expect(carol.ask('LIST')).toEqual([
      ':irc.test 322 carol #chat 2 :[+nt] talk here',
      ':irc.test 322 carol #code 1 :[+nt] ',
      ':irc.test 323 carol :End of /LIST',
    ]);
  });

  it('shows secret and private channels to their members', () => {
    const { alice } = channels();
    expect(alice.ask('LIST').filter((l) => / 322 /.test(l))).toHaveLength(4);
  });

  it.each([
    ['#code', ['#code']],
    ['#CHAT,#code', ['#chat', '#code']],
    ['#secret', []],
    ['*od*', ['#code']],
    ['!*od*', ['#chat']],
    ['>1', ['#chat']],
    ['<2', ['#code']],
  ])('filters with %s', (arg, expected) => {
    const { carol } = channels();
    const listed = carol
      .ask(`LIST ${arg}`)
      .filter((l) => / 322 /.test(l))
      .map((l) => l.split(' ')[3]);
    expect(listed).toEqual(expected);
  });

  it('filters by creation time and topic time in minutes ago (ELIST C and T)', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    alice.send('JOIN #old');
    alice.send('JOIN #untopiced');
    alice.send('TOPIC #old :first');
    h.advance(3 * 60_000);
    alice.send('JOIN #new');
    alice.send('TOPIC #new :second');
    h.advance(60_000);
    const listed = (arg: string) =>
      alice
        .ask(`LIST ${arg}`)
        .filter((l) => / 322 /.test(l))
        .map((l) => l.split(' ')[3]);
    expect(listed('C>2')).toEqual(['#old', '#untopiced']);
    expect(listed('C<2')).toEqual(['#new']);
    expect(listed('C<0')).toEqual([]);
    expect(listed('T>2')).toEqual(['#old']);
    expect(listed('T<2')).toEqual(['#new']);
    expect(listed('T>0')).toEqual(['#old', '#new']);
    expect(listed('C>2,T>0')).toEqual(['#old']);
  });
});

describe('TOPIC on a secret channel', () => {
  it('answers outsiders as if the channel did not exist', () => {
    const { h, alice } = twoInChannel();
    alice.send('TOPIC #a :hidden');
    alice.send('MODE #a +s');
    expect(h.connect('carol').ask('TOPIC #a')).toEqual([':irc.test 403 carol #a :No such channel']);
  });
});
