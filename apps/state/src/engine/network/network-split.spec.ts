import { snapshotOf } from '../snapshot';
import { A, B, C, threeServerStar, twoServers } from '../../testing/networks';
import { TestNetwork } from '../../testing/test-network';

function expectSameView(net: TestNetwork, ids: number[]): void {
  const [first, ...rest] = ids.map((id) => snapshotOf(net.server(id).state));
  for (const other of rest) expect(other).toEqual(first);
}

describe('network: netsplit', () => {
  it('users behind a broken link QUIT with `<near> <far>` and emptied channels vanish', () => {
    const net = threeServerStar();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    alice.send('JOIN #shared');
    alice.lines();
    bob.send('JOIN #shared');
    bob.send('JOIN #bobonly');
    bob.lines();
    alice.lines();
    net.unlink(B, C);
    expect(alice.lines()).toEqual([':bob!~bob@127.0.1.1 QUIT :c.test b.test']);
    const a = net.server(A).state;
    expect(a.userByNick('bob')).toBeUndefined();
    expect(a.channel('#bobonly')).toBeUndefined();
    expect([...(a.channel('#shared')?.members.keys() ?? [])]).toEqual([alice.user.uid]);
    // The far side sees the mirror image.
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 QUIT :b.test c.test']);
    expect([...a.servers.keys()].sort()).toEqual([A, C]);
  });

  it('a triangle survives losing one link: nobody is split off', () => {
    const net = threeServerStar();
    net.link(A, B);
    const alice = net.server(A).connect('alice');
    net.server(B).connect('bob');
    alice.lines();
    net.unlink(A, C);
    expect(alice.lines()).toEqual([]);
    expect(net.server(A).state.userByNick('bob')).toBeDefined();
  });
});

describe('network: netjoin', () => {
  it('after a split the burst brings the users back and local clients see their JOINs', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    alice.send('JOIN #c');
    alice.lines();
    bob.send('JOIN #c');
    bob.lines();
    alice.lines();
    net.unlink(A, B);
    alice.lines();
    bob.lines();
    net.link(A, B);
    expect(alice.lines()).toEqual([':bob!~bob@127.0.1.1 JOIN #c']);
    // Same channel time on both sides: alice keeps her ops, shown as a real server does.
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 JOIN #c', ':a.test MODE #c +o alice']);
    expectSameView(net, [A, B]);
  });

  it('nick collision: the older nick wins and the loser becomes its uid on both servers', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test' },
      { id: B, name: 'b.test' },
    ]);
    const older = net.server(B).connect('dup');
    net.advance(1000);
    const newer = net.server(A).connect('dup');
    const loserUid = newer.user.uid;
    net.link(A, B);
    expect(newer.lines()).toEqual([`:dup!~dup@127.0.1.1 NICK ${loserUid}`]);
    expect(newer.registrations.at(-1)?.nick).toBe(loserUid);
    expect(older.lines()).toEqual([]);
    for (const id of [A, B]) {
      expect(net.server(id).state.userByNick('dup')?.uid).toBe(older.user.uid);
      expect(net.server(id).state.userByNick(loserUid)?.uid).toBe(loserUid);
    }
    expectSameView(net, [A, B]);
  });

  it('nick collision: equal nick times go to the lower server ID', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test' },
      { id: B, name: 'b.test' },
    ]);
    const onA = net.server(A).connect('dup');
    const onB = net.server(B).connect('dup');
    net.link(A, B);
    expect(onA.lines()).toEqual([]);
    expect(onB.lines()).toEqual([`:dup!~dup@127.0.1.1 NICK ${onB.user.uid}`]);
    expect(net.server(A).state.userByNick('dup')?.uid).toBe(onA.user.uid);
    expect(net.server(B).state.userByNick('dup')?.uid).toBe(onA.user.uid);
    expectSameView(net, [A, B]);
  });

  it('nick collision on a third server is settled the same way', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test' },
      { id: B, name: 'b.test' },
      { id: C, name: 'c.test' },
    ]);
    net.link(A, C);
    const onB = net.server(B).connect('dup');
    net.advance(5);
    net.server(A).connect('dup');
    net.link(B, C);
    for (const id of [A, B, C]) expect(net.server(id).state.userByNick('dup')?.uid).toBe(onB.user.uid);
    expectSameView(net, [A, B, C]);
  });

  it('channel TS: the older channel wins modes and topic; the newer side loses its ops', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test' },
      { id: B, name: 'b.test' },
    ]);
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    alice.send('JOIN #c');
    alice.send('MODE #c +m');
    net.advance(60_000);
    bob.send('JOIN #c');
    bob.send('MODE #c +s-t');
    bob.send('TOPIC #c :from b');
    alice.lines();
    bob.lines();
    net.link(A, B);
    const b = net.server(B).state.channel('#c');
    expect(b?.createdAt).toBe(net.server(A).state.channel('#c')?.createdAt);
    expect([...(b?.modes ?? [])].sort()).toEqual(['m', 'n', 't']);
    expect(b?.topic).toBeUndefined();
    expect(b?.members.get(bob.user.uid)?.modes.size).toBe(0);
    expect(b?.members.get(alice.user.uid)?.modes.has('o')).toBe(true);
    // Bob sees what a real server shows: alice joining, then the server's mode changes.
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 JOIN #c', ':a.test MODE #c -so+mto bob alice']);
    // Alice sees bob join without ops; her channel keeps its modes.
    expect(alice.lines()).toEqual([':bob!~bob@127.0.1.1 JOIN #c']);
    expectSameView(net, [A, B]);
  });

  it('channel TS: equal times merge modes, lists and both sides keep their ops', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test' },
      { id: B, name: 'b.test' },
    ]);
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    alice.send('JOIN #c');
    alice.send('MODE #c +b x!*@*');
    bob.send('JOIN #c');
    bob.send('MODE #c +s');
    alice.lines();
    bob.lines();
    net.link(A, B);
    for (const id of [A, B]) {
      const channel = net.server(id).state.channel('#c');
      expect([...(channel?.modes ?? [])].sort()).toEqual(['n', 's', 't']);
      expect(channel?.lists.b.map((e) => e.mask)).toEqual(['x!*@*']);
      expect([...(channel?.members.values() ?? [])].every((m) => m.modes.has('o'))).toBe(true);
    }
    expect(alice.lines()).toEqual([':bob!~bob@127.0.1.1 JOIN #c', ':b.test MODE #c +so bob']);
    expectSameView(net, [A, B]);
  });

  it('channel TS: a JOIN with an older channel time takes the ops of the newer side', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test' },
      { id: B, name: 'b.test' },
    ]);
    net.link(A, B);
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    // Both create #c before hearing of the other's: A's is older by a second.
    alice.send('JOIN #c');
    net.advance(1000);
    bob.send('JOIN #c');
    expect(bob.lines()).toEqual([
      ':bob!~bob@127.0.1.1 JOIN #c',
      ':b.test 353 bob = #c @bob',
      ':b.test 366 bob #c :End of /NAMES list',
      ':a.test MODE #c -o bob',
      ':alice!~alice@127.0.1.1 JOIN #c',
      ':a.test MODE #c +o alice',
    ]);
    expect(alice.lines().slice(-1)).toEqual([':bob!~bob@127.0.1.1 JOIN #c']);
    expectSameView(net, [A, B]);
  });

  it('a cmode made on a channel newer than ours is dropped', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice');
    alice.send('JOIN #c');
    alice.lines();
    const channel = net.server(A).state.channel('#c');
    net.server(A).engine.applyNetwork([
      {
        type: 'event',
        event: {
          type: 'cmode',
          channel: '#c',
          channelTs: (channel?.createdAt ?? 0) + 1,
          by: 'b.test',
          changes: [{ add: true, mode: 'i' }],
          stamp: { origin: B, epoch: 1, seq: 999 },
        },
      },
    ]);
    expect(channel?.modes.has('i')).toBe(false);
    expect(alice.lines()).toEqual([]);
  });
});

describe('network: idempotent apply', () => {
  it('applying every event again changes nothing and shows nothing', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    alice.send('JOIN #c');
    alice.lines();
    bob.send('JOIN #c');
    alice.send('TOPIC #c :t');
    alice.send('MODE #c +bv z!*@* bob');
    alice.send('PRIVMSG #c :once');
    alice.send('PRIVMSG bob :only once');
    alice.send('AWAY :gone');
    alice.send('NICK alicia');
    alice.send('INVITE bob #c');
    bob.lines();
    const before = snapshotOf(net.server(B).state);
    net.replayAll(B);
    expect(bob.lines()).toEqual([]);
    expect(snapshotOf(net.server(B).state)).toEqual(before);
    expectSameView(net, [A, B]);
  });
});
