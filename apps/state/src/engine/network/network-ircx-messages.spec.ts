import { A, B, twoServers } from '../../testing/networks';
import { TestNetwork } from '../../testing/test-network';
import { TEST_EPOCH } from '../../testing/harness';
import { defined } from '@portalchat/testkit';

/**
 * a.test: alice (IRCX, host of #c); b.test: bob (IRCX), carol (plain), dave (plain, message-tags).
 * Everyone joins #c through JOIN, so the memberships travel as they do in production.
 */
function setup() {
  const net = twoServers();
  const alice = net
    .server(A)
    .connect('alice', { caps: ['echo-message'] })
    .ircx();
  const bob = net.server(B).connect('bob').ircx();
  const carol = net.server(B).connect('carol');
  const dave = net.server(B).connect('dave', { caps: ['message-tags'] });
  alice.send('JOIN #c');
  alice.lines(); // carries alice's JOIN first: #c exists on b.test, so the others join as plain members
  for (const c of [bob, carol, dave]) c.send('JOIN #c');
  for (const c of [alice, bob, carol, dave]) c.lines();
  return { net, alice, bob, carol, dave };
}

const ALICE = 'alice!~alice@127.0.1.1';

describe('network: IRCX messaging', () => {
  it('a WHISPER reaches IRCX and plain members on the other server in their own form', () => {
    const { net, alice, bob, carol, dave } = setup();
    expect(alice.ask('WHISPER #c bob,carol,dave :across the link')).toEqual([
      `:${ALICE} WHISPER #c bob,carol,dave :across the link`,
    ]);
    expect(bob.lines()).toEqual([`:${ALICE} WHISPER #c bob,carol,dave :across the link`]);
    expect(carol.lines()).toEqual([`:${ALICE} PRIVMSG carol :across the link`]);
    expect(dave.lines()).toEqual([
      expect.stringMatching(
        new RegExp(`^@\\+draft/channel-context=#c;msgid=\\S+ :${ALICE} PRIVMSG dave :across the link$`),
      ),
    ]);
    // One event, to b.test only.
    const whispers = net.emitted.get(A)?.filter((e) => e.event.type === 'whisper') ?? [];
    expect(whispers.map((e) => e.targets)).toEqual([[B]]);
  });

  it('a replayed WHISPER is not shown twice', () => {
    const { net, alice, bob } = setup();
    alice.send('WHISPER #c bob :once only');
    expect(bob.lines()).toHaveLength(1);
    net.replayAll(B);
    expect(bob.lines()).toEqual([]);
  });

  it('PRIVMSG #c nick,nick reaches each named remote member once', () => {
    const { net, alice, bob, carol } = setup();
    alice.send('PRIVMSG #c bob,carol :two of you');
    expect(bob.lines()).toEqual([`:${ALICE} PRIVMSG bob :two of you`]);
    expect(carol.lines()).toEqual([`:${ALICE} PRIVMSG carol :two of you`]);
    net.replayAll(B);
    expect(bob.lines()).toEqual([]);
    expect(carol.lines()).toEqual([]);
  });

  it('DATA reaches the IRCX members of the other server only', () => {
    const { alice, bob, carol } = setup();
    alice.send('DATA #c ORG.x :some data');
    expect(bob.lines()).toEqual([`:${ALICE} DATA #c ORG.x :some data`]);
    expect(carol.lines()).toEqual([]);
  });

  it('a gagged user reaches nobody on any server and emits nothing', () => {
    const { net, alice, bob, carol } = setup();
    net.server(A).state.setUserMode(alice.user, 'z', true);
    const before = net.emitted.get(A)?.length ?? 0;
    expect(alice.ask('PRIVMSG #c :hello there')).toEqual([`:${ALICE} PRIVMSG #c :hello there`]);
    expect(alice.ask('WHISPER #c bob :psst psst')).toEqual([`:${ALICE} WHISPER #c bob :psst psst`]);
    alice.send('PRIVMSG carol :private');
    expect(bob.lines()).toEqual([]);
    expect(carol.lines()).toEqual([]);
    expect(net.emitted.get(A)?.length).toBe(before);
  });

  it('in an auditorium a plain member on one server reaches only the hosts, wherever they are', () => {
    const { net, alice, bob, carol } = setup();
    for (const id of [A, B]) net.server(id).state.channel('#c')?.modes.add('x');
    expect(net.server(B).state.channel('#c')?.members.get(bob.user.uid)?.modes.size).toBe(0);
    carol.send('PRIVMSG #c :from the floor');
    expect(alice.lines()).toEqual([':carol!~carol@127.0.2.1 PRIVMSG #c :from the floor']);
    expect(bob.lines()).toEqual([]);
  });

  it('in an auditorium a plain JOIN from the other server is shown to the hosts only', () => {
    const { net, alice, bob } = setup();
    for (const id of [A, B]) net.server(id).state.channel('#c')?.modes.add('x');
    const eve = net.server(B).connect('eve');
    eve.send('JOIN #c');
    expect(alice.lines()).toEqual([':eve!~eve@127.0.4.1 JOIN #c']);
    expect(bob.lines()).toEqual([]);
  });

  it('an AUTH account travels with the user', () => {
    const { net } = setup();
    const fresh = net.server(B).connectUnregistered();
    defined(net.server(B).state.connection(fresh.gateway, fresh.conn), 'the connection on B').account = 'frank';
    fresh.send('NICK frank');
    fresh.send('USER frank 0 * :Frank');
    fresh.lines();
    expect(net.server(A).state.userByNick('frank')?.account).toBe('frank');
  });

  it('KILL of a channel empties it on every server; members see a KICK from the killing server', () => {
    const { net, alice, bob, carol } = setup();
    const op = net.server(A).connect('op');
    net.server(A).state.setUserMode(op.user, 'o', true);
    op.send('KILL #c :closed by staff');
    expect(alice.lines()).toEqual([':a.test KICK #c alice :closed by staff']);
    expect(bob.lines()).toEqual([':a.test KICK #c bob :closed by staff']);
    expect(carol.lines()).toEqual([':a.test KICK #c carol :closed by staff']);
    expect(net.server(A).state.channel('#c')).toBeUndefined();
    expect(net.server(B).state.channel('#c')).toBeUndefined();
    expect(bob.ask('NAMES #c')).toEqual([':b.test 366 bob #c :End of /NAMES list']);
  });
});

describe('network: EVENT SERVER', () => {
  it('reports links and unlinks of other servers to a subscribed sysop', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test' },
      { id: B, name: 'b.test' },
    ]);
    const op = net.server(A).connect('op');
    op.send('IRCX');
    net.server(A).state.setUserMode(op.user, 'o', true);
    op.send('EVENT ADD SERVER');
    op.lines();
    const ts = TEST_EPOCH / 1000;
    net.link(A, B);
    expect(op.lines()).toEqual([`:a.test EVENT ${ts} SERVER LINK b.test`]);
    net.unlink(A, B);
    expect(op.lines()).toEqual([`:a.test EVENT ${ts} SERVER UNLINK b.test`]);
  });
});
