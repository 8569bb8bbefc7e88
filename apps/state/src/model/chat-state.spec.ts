import { Harness } from '../testing/harness';

describe('ChatState mode counts (LUSERS without a scan)', () => {
  it('follow user mode changes, remote users and departures', () => {
    const h = new Harness();
    const state = h.engine.state;
    const alice = h.connect('alice');
    const bob = h.connect('bob');
    state.setUserMode(alice.user, 'i', true);
    state.setUserMode(alice.user, 'i', true); // no change: counted once
    state.setUserMode(bob.user, 'o', true);
    expect([state.invisibleCount(), state.operatorCount()]).toEqual([1, 1]);

    const remote = state.addRemoteUser(
      {
        uid: 'U20A000001',
        nick: 'far',
        nickTs: 1,
        username: '~far',
        hostname: 'h',
        realname: 'F',
        serverId: 20,
        signonAt: 1,
        modes: 'io',
      },
      'far',
    );
    expect([state.invisibleCount(), state.operatorCount()]).toEqual([2, 2]);
    state.replaceUserModes(remote, 'w');
    expect([state.invisibleCount(), state.operatorCount()]).toEqual([1, 1]);

    bob.send('QUIT');
    state.removeUser(remote, 2);
    expect([state.invisibleCount(), state.operatorCount()]).toEqual([1, 0]);
    h.connectUnregistered();
    expect(state.unknownConnectionCount()).toBe(1);
  });
});
