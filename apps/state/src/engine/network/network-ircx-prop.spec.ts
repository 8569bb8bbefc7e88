import { A, B, twoServers } from '../../testing/networks';
import { TestNetwork } from '../../testing/test-network';

const LOBBY = { name: '#Lobby', modes: 'nt', topic: 'Welcome', props: { SUBJECT: 'General' }, access: [] };

describe('network: PROP', () => {
  it('a property set on one server reaches IRCX members on the other; plain members see nothing', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice').ircx();
    const bob = net.server(B).connect('bob').ircx();
    const carol = net.server(B).connect('carol');
    for (const c of [alice, bob, carol]) c.send('JOIN #c');
    net.server(A).state.channel('#c')?.members.get(alice.user.uid)?.modes.add('o');
    for (const c of [alice, bob, carol]) c.lines();
    alice.send('PROP #c SUBJECT :Chess');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 PROP #c SUBJECT Chess']);
    expect(carol.lines()).toEqual([]);
    expect(net.server(B).state.channel('#c')?.props.get('SUBJECT')).toBe('Chess');
    // Applying everything again changes nothing and shows nothing.
    net.replayAll(B);
    expect(bob.lines()).toEqual([]);
    alice.send('PROP #c SUBJECT :');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 PROP #c SUBJECT :']);
    expect(net.server(B).state.channel('#c')?.props.has('SUBJECT')).toBe(false);
  });

  it('drops a prop event made on a newer channel than the one here', () => {
    const net = twoServers();
    const bob = net.server(B).connect('bob').ircx();
    bob.send('JOIN #c');
    bob.lines();
    const channel = net.server(B).state.channel('#c');
    const event = {
      type: 'prop',
      channel: '#c',
      channelTs: (channel?.createdAt ?? 0) + 1,
      name: 'SUBJECT',
      value: 'x',
      by: 'a.test',
      setAt: 0,
    } as const;
    net
      .server(B)
      .engine.applyNetwork([{ type: 'event', event: { ...event, stamp: { origin: A, epoch: 1, seq: 999 } } }]);
    expect(channel?.props.has('SUBJECT')).toBe(false);
    expect(bob.lines()).toEqual([]);
  });

  it('TOPIC set with PROP travels as a topic', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice').ircx();
    const bob = net.server(B).connect('bob');
    alice.send('JOIN #c');
    bob.send('JOIN #c');
    net.server(A).state.channel('#c')?.members.get(alice.user.uid)?.modes.add('o');
    alice.lines();
    bob.lines();
    alice.send('PROP #c TOPIC :Hello there');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 TOPIC #c :Hello there']);
    expect(net.server(B).state.channel('#c')?.topic?.text).toBe('Hello there');
  });

  it('the burst carries properties: the older channel wins', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test' },
      { id: B, name: 'b.test' },
    ]);
    const alice = net.server(A).connect('alice');
    alice.send('JOIN #c');
    net.server(A).state.channel('#c')?.props.set('SUBJECT', 'older');
    net.advance(1000);
    const bob = net.server(B).connect('bob');
    bob.send('JOIN #c');
    net.server(B).state.channel('#c')?.props.set('SUBJECT', 'newer');
    net.server(B).state.channel('#c')?.props.set('LANGUAGE', 'fr');
    net.link(A, B);
    expect(Object.fromEntries(net.server(B).state.channel('#c')?.props ?? [])).toEqual({ SUBJECT: 'older' });
    expect(Object.fromEntries(net.server(A).state.channel('#c')?.props ?? [])).toEqual({ SUBJECT: 'older' });
  });
});

describe('network: registered channels', () => {
  it('an empty registered channel reaches the other server in the burst, and stays there', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test', overrides: { channels: [LOBBY] } },
      { id: B, name: 'b.test' },
    ]);
    net.link(A, B);
    const channel = net.server(B).state.channel('#lobby');
    expect(channel).toMatchObject({ name: '#Lobby', registered: true, topic: { text: 'Welcome', setBy: 'a.test' } });
    expect(channel?.members.size).toBe(0);
    expect(channel?.props.get('SUBJECT')).toBe('General');
    const bob = net.server(B).connect('bob');
    expect(bob.ask('LIST')).toEqual([':b.test 322 bob #Lobby 0 :[+nrt] Welcome', ':b.test 323 bob :End of /LIST']);
    bob.send('JOIN #Lobby');
    bob.send('PART #Lobby');
    expect(net.server(A).state.channel('#lobby')).toBeDefined();
    expect(net.server(B).state.channel('#lobby')?.members.size).toBe(0);
  });

  it('a dynamic channel meeting a registered one of the same name stays registered', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test' },
      { id: B, name: 'b.test', overrides: { channels: [LOBBY] } },
    ]);
    const alice = net.server(A).connect('alice');
    alice.send('JOIN #lobby'); // created at the same test time: equal TS, merged
    net.link(A, B);
    expect(net.server(A).state.channel('#lobby')?.registered).toBe(true);
    expect(net.server(A).state.channel('#lobby')?.modes.has('r')).toBe(true);
    expect(net.server(B).state.channel('#lobby')?.members.size).toBe(1);
  });
});
