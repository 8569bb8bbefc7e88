import { snapshotOf } from '../snapshot';
import { A, B, C } from '../../testing/networks';
import { TestNetwork } from '../../testing/test-network';
import { GONE_DURING_SPLIT } from './burst-reconcile';

const GRACE_MS = 1000;

/**
 * The reference star (a.test and b.test behind the hub c.test) whose portals hold splits for
 * GRACE_MS, and keep what they cannot send meanwhile (`keepEvents: false`: they keep nothing).
 */
function star(keepEvents = true): TestNetwork {
  const net = new TestNetwork(
    [
      { id: A, name: 'a.test' },
      { id: B, name: 'b.test' },
      { id: C, name: 'c.test' },
    ],
    { splitGraceMs: GRACE_MS, ...(keepEvents ? {} : { hold: { maxEvents: 0, maxBytes: 0 } }) },
  );
  net.link(A, C);
  net.link(B, C);
  // The portals' start-up hold (they may have been restarted) ends.
  net.advance(GRACE_MS);
  net.expireGraces();
  return net;
}

function expectSameView(net: TestNetwork): void {
  const [first, ...rest] = [A, B, C].map((id) => snapshotOf(net.server(id).state));
  for (const other of rest) expect(other).toEqual(first);
}

/** alice on a, bob on b, carol on c, all in #c; everyone's lines read. */
function populated(keepEvents = true) {
  const net = star(keepEvents);
  const alice = net.server(A).connect('alice');
  const bob = net.server(B).connect('bob');
  const carol = net.server(C).connect('carol');
  for (const client of [alice, bob, carol]) client.send('JOIN #c');
  for (const client of [alice, bob, carol]) client.lines();
  return { net, alice, bob, carol };
}

describe('network: a split held for the grace period', () => {
  it('shows nothing while a link is down within the grace, nor when it comes back', () => {
    const { net, alice, bob, carol } = populated();
    net.unlink(A, C);
    expect([alice.lines(), bob.lines(), carol.lines()]).toEqual([[], [], []]);
    // Still listed: the users of a server whose split is pending stay.
    expect(net.server(A).state.userByNick('bob')).toBeDefined();
    expect([...net.server(B).state.servers.keys()].sort()).toEqual([A, B, C]);
    net.advance(GRACE_MS - 1);
    net.expireGraces();
    net.link(A, C);
    expect([alice.lines(), bob.lines(), carol.lines()]).toEqual([[], [], []]);
    // The hold is over: a later grace deadline announces nothing.
    net.advance(GRACE_MS);
    net.expireGraces();
    expect([alice.lines(), bob.lines(), carol.lines()]).toEqual([[], [], []]);
    expectSameView(net);
  });

  it('without the portals keeping events, shows only what really changed during the gap: a QUIT, a JOIN, a PART, a TOPIC, a NICK', () => {
    const { net, alice, bob, carol } = populated(false);
    const erin = net.server(C).connect('erin');
    erin.send('JOIN #c');
    net.flush();
    for (const client of [alice, bob, carol, erin]) client.lines();
    net.unlink(A, C);
    bob.send('QUIT :gone for lunch');
    erin.send('PART #c');
    carol.send('TOPIC #c :changed meanwhile');
    const dave = net.server(C).connect('dave');
    dave.send('JOIN #c');
    net.advance(1); // a nick newer than the one a.test knows
    carol.send('NICK carla');
    alice.send('JOIN #alice-only');
    net.flush();
    for (const client of [carol, dave, erin]) client.lines();
    expect(alice.lines()).toEqual([
      ':alice!~alice@127.0.1.1 JOIN #alice-only',
      expect.stringMatching(/ 353 /),
      expect.stringMatching(/ 366 /),
    ]);

    net.link(A, C);
    expect(alice.lines().sort()).toEqual(
      [
        `:bob!~bob@127.0.1.1 QUIT :${GONE_DURING_SPLIT}`,
        ':erin!~erin@127.0.2.1 PART #c',
        ':carol!~carol@127.0.1.1 NICK carla',
        ':dave!~dave@127.0.3.1 JOIN #c',
        // The topic as it was set (by carol, before her NICK).
        ':carol!~carol@127.0.1.1 TOPIC #c :changed meanwhile',
      ].sort(),
    );
    // The other side saw nothing of alice's that it had not seen: she joined nothing they share.
    expect(carol.lines()).toEqual([]);
    expectSameView(net);
  });

  it('delivers what happened during the gap when the link is back, as it happened and each once', () => {
    const { net, alice, bob, carol } = populated();
    const erin = net.server(C).connect('erin');
    erin.send('JOIN #c');
    net.flush();
    for (const client of [alice, bob, carol, erin]) client.lines();
    net.unlink(A, C);
    carol.send('PRIVMSG #c :while a.test was away');
    bob.send('PRIVMSG alice :psst');
    bob.send('QUIT :gone for lunch');
    erin.send('PART #c');
    carol.send('TOPIC #c :changed meanwhile');
    const dave = net.server(C).connect('dave');
    dave.send('JOIN #c');
    net.advance(1);
    carol.send('NICK carla');
    net.flush();
    for (const client of [carol, dave, erin]) client.lines();
    expect(alice.lines()).toEqual([]);

    net.link(A, C);
    // Each once, bob's QUIT with his own reason; the burst after them repeats nothing. Each
    // server's events keep their order (those of different servers were made at the same time).
    const seen = alice.lines();
    expect([...seen].sort()).toEqual(
      [
        ':carol!~carol@127.0.1.1 PRIVMSG #c :while a.test was away',
        ':bob!~bob@127.0.1.1 PRIVMSG alice psst',
        ':bob!~bob@127.0.1.1 QUIT :Quit: gone for lunch',
        ':erin!~erin@127.0.2.1 PART #c',
        ':carol!~carol@127.0.1.1 TOPIC #c :changed meanwhile',
        ':dave!~dave@127.0.3.1 JOIN #c',
        ':carol!~carol@127.0.1.1 NICK carla',
      ].sort(),
    );
    const at = (prefix: string) => seen.findIndex((l) => l.startsWith(prefix));
    expect(at(':bob!~bob@127.0.1.1 PRIVMSG')).toBeLessThan(at(':bob!~bob@127.0.1.1 QUIT'));
    expect(at(':carol!~carol@127.0.1.1 PRIVMSG')).toBeLessThan(at(':carol!~carol@127.0.1.1 TOPIC'));
    expect(at(':carol!~carol@127.0.1.1 TOPIC')).toBeLessThan(at(':carol!~carol@127.0.1.1 NICK'));
    expect(carol.lines()).toEqual([]);
    net.advance(GRACE_MS);
    net.expireGraces();
    expect(alice.lines()).toEqual([]);
    expectSameView(net);
  });

  it('shows nothing twice when held events arrive again after the burst that carried their effect', () => {
    const { net, alice, bob } = populated();
    net.unlink(A, C);
    const dave = net.server(B).connect('dave');
    dave.send('JOIN #c');
    net.advance(1);
    bob.send('NICK bobby');
    bob.send('PRIVMSG #c :hi');
    net.flush();
    for (const client of [bob, dave]) client.lines();
    net.link(A, C);
    const seen = alice.lines();
    expect(seen).toEqual([
      ':dave!~dave@127.0.2.1 JOIN #c',
      ':bob!~bob@127.0.1.1 NICK bobby',
      ':bobby!~bob@127.0.1.1 PRIVMSG #c hi',
    ]);
    // Everything a.test was given (the held events, the burst) once more: a replay shows nothing.
    // (A JOIN and a PART of one member, both replayed, would show again: the portals' dedupe is
    // what keeps such a pair from coming twice.)
    net.replayAll(A);
    expect(alice.lines()).toEqual([]);
    expectSameView(net);
  });

  it('delivers what every server said while the hub portal was restarting, once the links are back', () => {
    const { net, alice, bob, carol } = populated();
    net.advance(10);
    net.restartPortal(C);
    alice.send('PRIVMSG #c :from a');
    bob.send('PRIVMSG #c :from b');
    carol.send('PRIVMSG #c :from c');
    net.flush();
    expect([alice.lines(), bob.lines(), carol.lines()]).toEqual([[], [], []]);
    net.link(A, C);
    net.link(B, C);
    expect(alice.lines().sort()).toEqual(
      [':bob!~bob@127.0.1.1 PRIVMSG #c :from b', ':carol!~carol@127.0.1.1 PRIVMSG #c :from c'].sort(),
    );
    expect(bob.lines().sort()).toEqual(
      [':alice!~alice@127.0.1.1 PRIVMSG #c :from a', ':carol!~carol@127.0.1.1 PRIVMSG #c :from c'].sort(),
    );
    expect(carol.lines().sort()).toEqual(
      [':alice!~alice@127.0.1.1 PRIVMSG #c :from a', ':bob!~bob@127.0.1.1 PRIVMSG #c :from b'].sort(),
    );
    net.advance(GRACE_MS);
    net.expireGraces();
    expect([alice.lines(), bob.lines(), carol.lines()]).toEqual([[], [], []]);
    expectSameView(net);
  });

  it('a restarted portal (kill -9, back within the grace) shows nothing on any server', () => {
    const { net, alice, bob, carol } = populated();
    net.advance(10);
    net.restartPortal(C);
    expect([alice.lines(), bob.lines(), carol.lines()]).toEqual([[], [], []]);
    // The fresh portal knows no server yet: c's state keeps what it knows.
    expect(net.server(C).state.userByNick('alice')).toBeDefined();
    net.link(A, C);
    net.link(B, C);
    expect([alice.lines(), bob.lines(), carol.lines()]).toEqual([[], [], []]);
    net.advance(GRACE_MS);
    net.expireGraces();
    expect([alice.lines(), bob.lines(), carol.lines()]).toEqual([[], [], []]);
    expectSameView(net);
    alice.send('PRIVMSG #c :still here');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 PRIVMSG #c :still here']);
  });

  it('a restarted portal that stays unlinked past the grace splits its server off, with the default reason', () => {
    const { net, alice, carol } = populated();
    net.advance(10);
    net.restartPortal(A);
    net.advance(GRACE_MS);
    net.expireGraces();
    expect(alice.lines().sort()).toEqual(
      [':bob!~bob@127.0.1.1 QUIT :*.net *.split', ':carol!~carol@127.0.1.1 QUIT :*.net *.split'].sort(),
    );
    expect(carol.lines()).toEqual([':alice!~alice@127.0.1.1 QUIT :c.test a.test']);
    net.link(A, C);
    // A real netjoin, as before: the JOINs and the ops of the channel's older side.
    expect(alice.lines().sort()).toEqual(
      [':bob!~bob@127.0.1.1 JOIN #c', ':carol!~carol@127.0.1.1 JOIN #c', ':c.test MODE #c +oo carol bob'].sort(),
    );
    expectSameView(net);
  });

  it('beyond the grace the split shows as before, and the netjoin heals it', () => {
    const { net, alice, bob, carol } = populated();
    net.unlink(A, C);
    net.advance(GRACE_MS);
    net.expireGraces();
    expect(alice.lines().sort()).toEqual(
      [':bob!~bob@127.0.1.1 QUIT :a.test c.test', ':carol!~carol@127.0.1.1 QUIT :a.test c.test'].sort(),
    );
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 QUIT :c.test a.test']);
    expect(carol.lines()).toEqual([':alice!~alice@127.0.1.1 QUIT :c.test a.test']);
    net.link(A, C);
    expect(alice.lines().sort()).toEqual(
      [':bob!~bob@127.0.1.1 JOIN #c', ':carol!~carol@127.0.1.1 JOIN #c', ':c.test MODE #c +oo carol bob'].sort(),
    );
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 JOIN #c', ':a.test MODE #c +o alice']);
    expectSameView(net);
  });
});
