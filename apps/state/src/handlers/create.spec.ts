import { oidOf } from '../engine/channel-props';
import { Harness } from '../testing/harness';

const OID = (name: string) => oidOf({ name });

describe('CREATE', () => {
  it('is an IRCX command: plain sessions get 421', () => {
    const h = new Harness();
    expect(h.connect('plain').ask('CREATE #a')).toEqual([':irc.test 421 plain CREATE :Unknown command']);
  });

  it('makes the channel with its modes and the creator owner: CREATE, JOIN, NAMES', () => {
    const h = new Harness();
    const alice = h.connect('alice').ircx();
    expect(alice.ask('CREATE #My tnmlkcx 50 pw')).toEqual([
      `:irc.test CREATE #My ${OID('#My')}`,
      ':alice!~alice@127.0.1.1 JOIN #My',
      ':irc.test 353 alice = #My .alice',
      ':irc.test 366 alice #My :End of /NAMES list',
    ]);
    const channel = h.state.channel('#my');
    expect([...(channel?.modes ?? [])].sort().join('')).toBe('mntx');
    expect(channel?.limit).toBe(50);
    expect(channel?.key).toBe('pw');
  });

  it('gives the creator config.ircx.creatorOnCreate', () => {
    const h = new Harness({ ircx: { creatorOnCreate: 'host' } });
    expect(h.connect('alice').ircx().ask('CREATE #a')[2]).toBe(':irc.test 353 alice = #a @alice');
  });

  it('answers 926 with c when the channel exists, 927 when already in it', () => {
    const h = new Harness();
    const alice = h.connect('alice').ircx();
    alice.send('CREATE #a');
    expect(alice.ask('CREATE #a')).toEqual([':irc.test 927 alice #a :Already in the channel']);
    const bob = h.connect('bob').ircx();
    expect(bob.ask('CREATE #a c')).toEqual([':irc.test 926 bob #a :Channel already exists']);
  });

  it('joins an existing channel without c, as JOIN does, its k argument as the key', () => {
    const h = new Harness();
    const alice = h.connect('alice').ircx();
    alice.send('CREATE #a k secret');
    const bob = h.connect('bob').ircx();
    expect(bob.ask('CREATE #a')).toEqual([':irc.test 475 bob #a :Cannot join channel (+k)']);
    expect(bob.ask('CREATE #a k secret')).toEqual([
      ':bob!~bob@127.0.2.1 JOIN #a',
      ':irc.test 353 bob = #a :.alice bob',
      ':irc.test 366 bob #a :End of /NAMES list',
    ]);
  });

  it('answers 461 for an l or k without argument and 472 for letters that are no flags', () => {
    const h = new Harness();
    const alice = h.connect('alice').ircx();
    expect(alice.ask('CREATE #a l')).toEqual([':irc.test 461 alice CREATE :Not enough parameters']);
    expect(alice.ask('CREATE #b Q')[0]).toBe(':irc.test 472 alice Q :is unknown mode char to me');
  });

  it('sends the new channel whole to the network before the join (x, k and l included)', () => {
    const h = new Harness({}, { network: true });
    const alice = h.connect('alice').ircx();
    h.engine.network.drain();
    alice.send('CREATE #a xl 5');
    const events = h.engine.network.drain().map((item) => item.event);
    expect(events.map((e) => e.type)).toEqual(['channel', 'join']);
    const first = events[0];
    expect(first?.type === 'channel' && first.channel).toMatchObject({
      name: '#a',
      modes: 'ntx',
      limit: 5,
      members: [[alice.user.uid, 'q']],
    });
  });
});

describe('CREATE e (force a clone)', () => {
  it('joins a new clone of a +d channel even when it has room', () => {
    const h = new Harness();
    const owner = h.connect('owner').ircx();
    owner.send('CREATE #chat dl 10');
    owner.lines();
    const bob = h.connect('bob').ircx();
    expect(bob.ask('CREATE #chat e')).toEqual([
      `:irc.test CREATE #chat1 ${OID('#chat1')}`,
      ':bob!~bob@127.0.2.1 JOIN #chat1',
      ':irc.test 353 bob = #chat1 bob',
      ':irc.test 366 bob #chat1 :End of /NAMES list',
    ]);
    expect(owner.lines()).toEqual([`:irc.test CLONE #chat1 ${OID('#chat1')}`]);
    expect(h.state.channel('#chat1')?.cloneOf).toBe('#chat');
  });

  it('joins the channel itself when it is not cloneable', () => {
    const h = new Harness();
    h.connect('owner').ircx().send('CREATE #chat');
    expect(h.connect('bob').ircx().ask('CREATE #chat e')[0]).toBe(':bob!~bob@127.0.2.1 JOIN #chat');
  });
});
