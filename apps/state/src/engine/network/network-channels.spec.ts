import { A, B, C, threeServerStar, twoServers } from '../../testing/networks';
import type { TestClient } from '../../testing/harness';
import type { TestNetwork } from '../../testing/test-network';

/** alice (op, first in) on server A and bob on server B share #c; everyone's inbox is cleared. */
function sharedChannel(): { net: TestNetwork; alice: TestClient; bob: TestClient } {
  const net = twoServers();
  const alice = net.server(A).connect('alice');
  const bob = net.server(B).connect('bob');
  alice.send('JOIN #c');
  alice.lines();
  bob.send('JOIN #c');
  bob.lines();
  alice.lines();
  return { net, alice, bob };
}

const NO_HISTORY = { history: { enabled: false, maxMessages: 1, maxAgeSeconds: 1, maxBytes: 1024 } };

describe('network: channels across servers', () => {
  it('a remote JOIN is seen by local members, and NAMES lists the remote member', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob', { caps: ['extended-join'] });
    alice.send('JOIN #c');
    alice.lines();
    expect(bob.ask('JOIN #c')).toEqual([
      ':bob!~bob@127.0.1.1 JOIN #c * :bob test',
      ':b.test 353 bob = #c :@alice bob',
      ':b.test 366 bob #c :End of /NAMES list',
    ]);
    expect(alice.lines()).toEqual([':bob!~bob@127.0.1.1 JOIN #c']);
    // The channel keeps the time it was created on A.
    expect(net.server(B).state.channel('#c')?.createdAt).toBe(net.server(A).state.channel('#c')?.createdAt);
  });

  it('PART, TOPIC and MODE made on one server are seen on the other', () => {
    const { alice, bob } = sharedChannel();
    alice.send('TOPIC #c :news');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 TOPIC #c news']);
    expect(bob.ask('TOPIC #c').slice(0, 1)).toEqual([':b.test 332 bob #c news']);
    alice.send('MODE #c +mv bob');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 MODE #c +mv bob']);
    alice.lines();
    bob.send('PART #c :later');
    expect(alice.lines()).toEqual([':bob!~bob@127.0.1.1 PART #c later']);
  });

  it('operator status given across servers lets the remote user act', () => {
    const { net, alice, bob } = sharedChannel();
    alice.send('MODE #c +o bob');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 MODE #c +o bob']);
    alice.lines();
    bob.send('MODE #c -o alice');
    expect(alice.lines()).toEqual([':bob!~bob@127.0.1.1 MODE #c -o alice']);
    expect(net.server(A).state.channel('#c')?.members.get(bob.user.uid)?.modes.has('o')).toBe(true);
  });

  it('a KICK by a remote operator removes the local user', () => {
    const { net, alice, bob } = sharedChannel();
    alice.send('KICK #c bob :behave');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 KICK #c bob behave']);
    expect(net.server(B).state.channel('#c')?.members.has(bob.user.uid)).toBe(false);
  });

  it('a ban set on one server stops a user on another from joining', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    alice.send('JOIN #c');
    alice.send('MODE #c +b bob!*@*');
    alice.lines();
    expect(bob.ask('JOIN #c')).toEqual([':b.test 474 bob #c :Cannot join channel (+b)']);
    expect(
      net
        .server(B)
        .state.channel('#c')
        ?.lists.b.map((e) => e.mask),
    ).toEqual(['bob!*@*']);
  });

  it('with history off, a channel message reaches members on the other server once, and only servers with members', () => {
    const net = threeServerStar({ [A]: NO_HISTORY, [B]: NO_HISTORY, [C]: NO_HISTORY });
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    net.server(C).connect('carol');
    alice.send('JOIN #c');
    alice.lines();
    bob.send('JOIN #c');
    bob.lines();
    alice.lines();
    alice.send('PRIVMSG #c :hello');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 PRIVMSG #c hello']);
    const sent = net.emitted.get(A)?.filter((e) => e.event.type === 'message');
    expect(sent?.map((e) => e.targets)).toEqual([[B]]);
    // c.test has no member of #c: it never saw the message.
    expect(net.delivered.get(C)?.some((i) => i.type === 'event' && i.event.type === 'message')).toBe(false);
  });

  it('with history on, a channel message goes to every server, and one without members stores it', () => {
    const net = threeServerStar();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    alice.send('JOIN #c');
    bob.send('JOIN #c');
    alice.lines();
    bob.lines();
    alice.send('PRIVMSG #c :hello');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 PRIVMSG #c hello']);
    const sent = net.emitted.get(A)?.filter((e) => e.event.type === 'message');
    expect(sent?.map((e) => e.targets)).toEqual([undefined]);
    const stored = (id: number) =>
      net
        .server(id)
        .engine.history?.target('#c')
        ?.list.filter((e) => e.command === 'PRIVMSG')
        .map((e) => [e.msgid, e.params[1]]);
    expect(stored(C)).toHaveLength(1);
    expect(stored(C)).toEqual(stored(A));
    expect(stored(B)).toEqual(stored(A));
  });

  it('with history off, a channel with members on this server only sends nothing to the network', () => {
    const net = twoServers({ [A]: NO_HISTORY, [B]: NO_HISTORY });
    const alice = net.server(A).connect('alice');
    alice.send('JOIN #solo');
    alice.send('PRIVMSG #solo :nobody else');
    alice.lines();
    expect(net.emitted.get(A)?.some((e) => e.event.type === 'message')).toBe(false);
  });

  it('a private message goes to the target server only and keeps its tags', () => {
    const net = threeServerStar();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob', { caps: ['message-tags', 'server-time'] });
    alice.send('@+draft/reply=abc PRIVMSG bob :psst');
    const [line] = bob.lines();
    expect(line).toMatch(
      /^@\+draft\/reply=abc;msgid=test10-\w+;time=2024-01-02T03:04:05\.000Z :alice!~alice@127\.0\.1\.1 PRIVMSG bob psst$/,
    );
    expect(
      net.emitted
        .get(A)
        ?.filter((e) => e.event.type === 'message')
        .map((e) => e.targets),
    ).toEqual([[B]]);
  });

  it('an INVITE lets a user on another server into an invite-only channel', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    alice.send('JOIN #c');
    alice.send('MODE #c +i');
    alice.lines();
    expect(bob.ask('JOIN #c')).toEqual([':b.test 473 bob #c :Cannot join channel (+i)']);
    alice.send('INVITE bob #c');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 INVITE bob #c']);
    expect(bob.ask('JOIN #c')[0]).toBe(':bob!~bob@127.0.1.1 JOIN #c');
  });

  it('STATUSMSG to @#c reaches only the remote channel operators', () => {
    const { net, alice, bob } = sharedChannel();
    const carol = net.server(B).connect('carol');
    carol.send('JOIN #c');
    alice.send('MODE #c +o bob');
    alice.lines();
    bob.lines();
    carol.lines();
    alice.send('NOTICE @#c :ops only');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 NOTICE @#c :ops only']);
    expect(carol.lines()).toEqual([]);
  });
});
