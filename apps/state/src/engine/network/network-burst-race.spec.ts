import { snapshotOf } from '../snapshot';
import { A, B, C, threeServerStar, twoServers } from '../../testing/networks';
import { eventLine, eventSubscriber } from '../../testing/event-subscriber';
import type { NetUser } from '@portalchat/protocol';

/**
 * A burst is a snapshot taken when the state answered the request; in a cycle of portals it can
 * reach a server AFTER live events that are newer than it came round the other way (the burst is
 * stamped freshly, so no portal takes it for a duplicate). The `user` of someone who quit in
 * between must not bring the user back.
 */
describe('network: a burst older than the live events already applied', () => {
  it('does not resurrect a user whose QUIT came first (the ghost of a quick LINKS probe)', () => {
    const net = twoServers();
    const bob = net.server(B).connect('bob');
    // The probe registers; its `user` reaches B live. A's burst for B is taken while it is there…
    const probe = net.server(A).connect('probe');
    const uid = probe.user.uid;
    const staleBurst = net.heldBurst(A, B);
    // …the probe quits (B applies the live `quit`), and only then does the burst arrive.
    probe.send('QUIT :done');
    net.flush();
    expect(net.server(B).state.users.has(uid)).toBe(false);
    staleBurst();
    expect(net.server(B).state.users.has(uid)).toBe(false);
    expect(net.server(B).state.userByNick('probe')).toBeUndefined();
    expect(snapshotOf(net.server(B).state)).toEqual(snapshotOf(net.server(A).state));
    expect(bob.lines().filter((l) => / JOIN /.test(l))).toEqual([]);
  });

  it('leaves no ghost member in a channel of the stale burst either', () => {
    const net = threeServerStar();
    const carol = net.server(C).connect('carol');
    carol.send('JOIN #c');
    const probe = net.server(A).connect('probe');
    probe.send('JOIN #c');
    carol.lines();
    const staleBurst = net.heldBurst(A, B);
    probe.send('QUIT :done');
    expect(carol.lines()).toEqual([':probe!~probe@127.0.1.1 QUIT :Quit: done']);
    staleBurst();
    const members = [...(net.server(B).state.channel('#c')?.members.keys() ?? [])];
    expect(members).toEqual([carol.user.uid]);
    expect(snapshotOf(net.server(B).state)).toEqual(snapshotOf(net.server(A).state));
  });

  it('drops a channel of the stale burst whose only member quit, and the EVENT feed stays balanced', () => {
    const net = twoServers();
    const b = net.server(B);
    const watcher = eventSubscriber(b, 'CHANNEL');
    const probe = net.server(A).connect('probe');
    const mask = `probe!~probe@127.0.1.1$a.test`;
    probe.send('JOIN #ghost');
    net.flush();
    const staleBurst = net.heldBurst(A, B);
    probe.send('QUIT :done');
    net.flush();
    expect(watcher.lines()).toEqual([
      eventLine(b, `CHANNEL CREATE #ghost +nt ${mask}`),
      eventLine(b, 'CHANNEL DESTROY #ghost'),
    ]);
    // The burst brings #ghost back with nobody known in it: made and dropped at once. Its CREATE
    // waited for a first member that never came, so no DESTROY is reported either.
    staleBurst();
    expect(b.state.channel('#ghost')).toBeUndefined();
    expect(watcher.lines()).toEqual([]);
    // A later #ghost is a channel of its own, reported from its creation.
    const bob = b.connect('bob');
    bob.send('JOIN #ghost');
    bob.send('PART #ghost');
    expect(watcher.lines()).toEqual([
      eventLine(b, 'CHANNEL CREATE #ghost +nt bob!~bob@127.0.2.1$b.test'),
      eventLine(b, 'CHANNEL DESTROY #ghost'),
    ]);
  });

  it('ignores a `user` whose `quit` arrived before it (two paths, two speeds)', () => {
    const net = twoServers();
    const b = net.server(B);
    const ghost: NetUser = {
      uid: '10GHOST01',
      nick: 'ghost',
      nickTs: 1,
      username: '~g',
      hostname: 'h',
      realname: 'G',
      serverId: A,
      signonAt: 1,
      modes: '',
    };
    const stamp = (seq: number) => ({ origin: A, epoch: 1, seq });
    b.engine.applyNetwork([
      { type: 'event', event: { type: 'quit', uid: ghost.uid, reason: 'bye', stamp: stamp(900) } },
    ]);
    b.engine.applyNetwork([{ type: 'event', event: { type: 'user', user: ghost, stamp: stamp(899) } }]);
    expect(b.state.users.has(ghost.uid)).toBe(false);
  });

  it('does not resurrect a KILLed user either', () => {
    const net = twoServers();
    const victim = net.server(A).connect('victim');
    const uid = victim.user.uid;
    const staleBurst = net.heldBurst(A, B);
    net.server(B).engine.applyNetwork([
      {
        type: 'event',
        event: { type: 'kill', uid, by: 'oper', reason: 'spam', stamp: { origin: C, epoch: 1, seq: 1 } },
      },
    ]);
    staleBurst();
    expect(net.server(B).state.users.has(uid)).toBe(false);
  });

  it('still brings back the users of a server that was split off (a split is no quit)', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice');
    net.unlink(A, B);
    expect(net.server(B).state.users.has(alice.user.uid)).toBe(false);
    net.link(A, B);
    expect(net.server(B).state.users.has(alice.user.uid)).toBe(true);
  });
});
