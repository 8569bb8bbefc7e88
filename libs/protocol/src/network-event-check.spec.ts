import { NET_EVENT_TYPES, netEventProblem } from './network-event-check';
import type { NetEvent } from './network-events';

const user = {
  uid: '10AAAAAAB',
  nick: 'alice',
  nickTs: 1,
  username: '~a',
  hostname: 'h',
  realname: 'A',
  serverId: 10,
  signonAt: 1,
  modes: 'i',
};
const channel = {
  name: '#c',
  createdAt: 5,
  modes: 'nt',
  lists: { b: [{ mask: '*!*@x', setBy: 'op', setAt: 3 }], e: [], I: [] },
  members: [['10AAAAAAB', 'o']],
};

describe('netEventProblem', () => {
  it('accepts well-formed events of every kind', () => {
    const events: NetEvent[] = [
      { type: 'user', user },
      { type: 'nick', uid: 'u', nick: 'n', nickTs: 2 },
      { type: 'quit', uid: 'u', reason: 'bye' },
      { type: 'channel', channel: channel as never },
      { type: 'cmode', channel: '#c', channelTs: 1, by: 'u', changes: [{ add: true, mode: 'o', arg: 'u' }] },
      {
        type: 'message',
        command: 'PRIVMSG',
        from: 'u',
        to: '#c',
        text: 'hi',
        time: 1,
        msgid: 'm',
        clientTags: { '+x': 'y' },
      },
      {
        type: 'message',
        command: 'PRIVMSG',
        from: 'u',
        to: '#c',
        text: 'one',
        time: 1,
        multiline: [{ text: 'one' }, { text: 'two', concat: true }],
      },
      { type: 'wallops', from: 'u', text: 'hello', msgid: 'w1' },
      { type: 'part', channel: '#c', uid: 'u' },
      { type: 'burst', phase: 'begin', servers: [10, 11] },
      {
        type: 'account-register',
        account: { name: 'alice', credentials: 'scram-sha-256$4096$s$k$k', registeredAt: 1, serverId: 10 },
      },
      { type: 'account', uid: 'u', account: 'alice' },
      {
        type: 'history',
        entries: [
          { key: '#c', msgid: 'm1', time: 1, command: 'PRIVMSG', prefix: 'a!a@h', params: ['#c', 'hi'], from: 'u' },
        ],
        redacted: [['#c', 'm0']],
      },
      { type: 'read-marker', account: 'alice', target: '#c', time: 5 },
    ];
    for (const event of events) expect(netEventProblem(event)).toBeUndefined();
    expect(NET_EVENT_TYPES).toContain('wallops');
  });

  it('names what is wrong: not an object, no type, an unknown type, a missing or mistyped field', () => {
    expect(netEventProblem(null)).toBe('not an object');
    expect(netEventProblem([1])).toBe('not an object');
    expect(netEventProblem({ uid: 'u' })).toBe('no event type');
    expect(netEventProblem({ type: 'teleport', uid: 'u' })).toBe('unknown event type "teleport"');
    expect(netEventProblem({ type: 'toString' })).toBe('unknown event type "toString"');
    expect(netEventProblem({ type: 'quit', reason: 'x' })).toBe('bad or missing field "uid" of quit');
    expect(netEventProblem({ type: 'read-marker', account: 'a', target: '#c', time: '5' })).toBe(
      'bad or missing field "time" of read-marker',
    );
    expect(netEventProblem({ type: 'account-register', account: { name: 'a', registeredAt: 1, serverId: 1 } })).toBe(
      'bad or missing field "account" of account-register',
    );
    expect(netEventProblem({ type: 'burst', phase: 'middle', servers: [] })).toBe(
      'bad or missing field "phase" of burst',
    );
    expect(netEventProblem({ type: 'burst', phase: 'end', servers: ['10'] })).toBe(
      'bad or missing field "servers" of burst',
    );
    expect(netEventProblem({ type: 'nick', uid: 'u', nick: 'n', nickTs: '2' })).toBe(
      'bad or missing field "nickTs" of nick',
    );
    expect(netEventProblem({ type: 'user', user: { ...user, nick: undefined } })).toBe(
      'bad or missing field "user" of user',
    );
    expect(netEventProblem({ type: 'channel', channel: { ...channel, members: [['u']] } })).toBe(
      'bad or missing field "channel" of channel',
    );
    expect(netEventProblem({ type: 'message', command: 'KICK', from: 'u', to: '#c', text: '', time: 1 })).toBe(
      'bad or missing field "command" of message',
    );
    expect(
      netEventProblem({ type: 'message', command: 'NOTICE', from: 'u', to: '#c', text: '', time: 1, multiline: ['x'] }),
    ).toBe('bad or missing field "multiline" of message');
    expect(netEventProblem({ type: 'wallops', from: 'u', text: 'x', msgid: 7 })).toBe(
      'bad or missing field "msgid" of wallops',
    );
  });
});
