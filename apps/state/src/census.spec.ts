import { censusOf } from './census';
import { Harness } from './testing/harness';

describe('censusOf', () => {
  it('#14: counts users per server and the channels each server has members in', () => {
    const h = new Harness();
    const state = h.engine.state;
    const alice = h.connect('alice');
    h.connect('bob');
    alice.send('JOIN #both');
    alice.send('JOIN #here');
    const far = state.addRemoteUser(
      {
        uid: 'U20A000001',
        nick: 'far',
        nickTs: 1,
        username: '~far',
        hostname: 'h',
        realname: 'F',
        serverId: 20,
        signonAt: 1,
        modes: '',
      },
      'far',
    );
    const both = state.channel('#both');
    if (!both) throw new Error('#both was not created');
    state.addMember(both, far, [], 2);
    const census = censusOf(state);
    expect(census.v).toBe(1);
    expect(census.servers).toEqual([
      { serverId: state.serverId, name: state.serverName, users: 2, channels: 2 },
      { serverId: 20, name: 'server-20', users: 1, channels: 1 },
    ]);
  });
});
