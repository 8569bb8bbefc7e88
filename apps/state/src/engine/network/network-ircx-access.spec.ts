import { oidOf } from '../channel-props';
import { operatorAccount } from '../../testing/harness';
import { A, B, twoServers } from '../../testing/networks';
import { TestNetwork } from '../../testing/test-network';

/** IRCX joins across servers: ACCESS events and bursts, KNOCK and CLONE from another server. */

/** a.test and b.test, not linked yet (for netjoin specs), with a sysop account on A. */
function splitPair(): TestNetwork {
  return new TestNetwork([
    { id: A, name: 'a.test', overrides: { operators: [operatorAccount('root', 'pw')] } },
    { id: B, name: 'b.test' },
  ]);
}

describe('network: ACCESS', () => {
  it('a DENY added on one server stops a join on another; DELETE lifts it', () => {
    const net = twoServers();
    const owner = net.server(A).connect('owner').ircx();
    owner.send('CREATE #a');
    const bob = net.server(B).connect('bob');
    owner.send('ACCESS #a ADD DENY bob 0 :Not here');
    expect(bob.ask('JOIN #a')).toEqual([':b.test 474 bob #a :Not here']);
    owner.send('ACCESS #a DELETE DENY bob');
    expect(bob.ask('JOIN #a')[0]).toBe(':bob!~bob@127.0.1.1 JOIN #a');
  });

  it('a CLEAR travels too, and an OWNER entry gives its status on the other server', () => {
    const net = twoServers();
    const owner = net.server(A).connect('owner').ircx();
    owner.send('CREATE #a');
    owner.send('ACCESS #a ADD DENY bob');
    owner.send('ACCESS #a ADD OWNER carol');
    owner.send('ACCESS #a CLEAR DENY');
    owner.lines();
    expect(
      net
        .server(B)
        .state.channel('#a')
        ?.access.map((e) => e.level),
    ).toEqual(['OWNER']);
    const carol = net.server(B).connect('carol').ircx();
    expect(carol.ask('JOIN #a')[1]).toBe(':b.test 353 carol = #a :.owner .carol');
  });

  it("a user's own-nick ACCESS blocks invites from another server", () => {
    const net = twoServers();
    const op = net.server(A).connect('op');
    op.send('JOIN #a');
    const bob = net.server(B).connect('bob').ircx();
    bob.send('ACCESS bob ADD DENY op');
    bob.lines();
    expect(op.ask('INVITE bob #a')).toEqual([':a.test 341 op bob #a']);
    expect(bob.lines()).toEqual([]);
  });

  it('channel, nick and * entries survive a netjoin burst; $ entries stay home', () => {
    const net = splitPair();
    const owner = net.server(A).connect('owner').ircx();
    owner.send('CREATE #a');
    owner.send('ACCESS #a ADD DENY bob 0 :Not here');
    owner.send('ACCESS owner ADD DENY mallory');
    owner.send('OPER root pw');
    owner.lines(); // the 381: a client waits for it before going on
    owner.send('ACCESS * ADD DENY *.evil.example');
    owner.send('ACCESS $ ADD DENY *.local.example');
    net.link(A, B);
    const b = net.server(B);
    expect(b.state.channel('#a')?.access.map((e) => [e.level, e.mask, e.reason])).toEqual([
      ['DENY', 'bob!*@*$*', 'Not here'],
    ]);
    expect(b.state.userByNick('owner')?.access.map((e) => e.mask)).toEqual(['mallory!*@*$*']);
    expect(b.state.networkAccess.map((e) => e.mask)).toEqual(['*!*@*.evil.example$*']);
    expect(b.state.serverAccess).toEqual([]);
    expect(b.connect('bob').ask('JOIN #a')).toEqual([':b.test 474 bob #a :Not here']);
  });

  it('a netjoin of two same-TS channels unites their ACCESS lists; an older channel wins alone', () => {
    const net = splitPair();
    const a = net.server(A);
    const b = net.server(B);
    const ownerA = a.connect('ownera').ircx();
    const ownerB = b.connect('ownerb').ircx();
    ownerA.send('CREATE #same');
    ownerB.send('CREATE #same');
    ownerA.send('ACCESS #same ADD DENY x');
    ownerB.send('ACCESS #same ADD DENY y');
    ownerB.send('CREATE #old');
    ownerB.send('ACCESS #old ADD DENY y');
    net.advance(1000);
    ownerA.send('CREATE #old');
    ownerA.send('ACCESS #old ADD DENY x');
    net.link(A, B);
    for (const server of [a, b]) {
      expect(
        server.state
          .channel('#same')
          ?.access.map((e) => e.mask)
          .sort(),
      ).toEqual(['x!*@*$*', 'y!*@*$*']);
      expect(server.state.channel('#old')?.access.map((e) => e.mask)).toEqual(['y!*@*$*']);
    }
  });
});

describe('network: * DENY at registration', () => {
  it('refuses a matching user on every server with 465 and ERROR', () => {
    const net = splitPair();
    net.link(A, B);
    const oper = net.server(A).connect('oper').ircx();
    oper.send('OPER root pw');
    oper.lines(); // the 381: a client waits for it before going on
    oper.send('ACCESS * ADD DENY mallory 0 :go away');
    oper.lines();
    const client = net.server(B).connectUnregistered();
    client.send('NICK mallory');
    client.send('USER m 0 * :M');
    expect(client.lines()).toEqual([
      ':b.test 465 mallory :You are banned from this server: go away',
      expect.stringMatching(/^ERROR :Closing Link: \S+ \(Banned: go away\)$/),
    ]);
    expect(client.closed).toBe(true);
    expect(net.server(B).state.userByNick('mallory')).toBeUndefined();
  });
});

describe('network: KNOCK and CLONE', () => {
  it('KNOCK and CLONE carry one msgid, the same on every server, for message-tags clients', () => {
    const net = twoServers();
    const owner = net.server(A).connect('owner', { caps: ['message-tags'], ircx: true });
    owner.send('CREATE #k u');
    owner.send('CREATE #d dl 1');
    owner.lines();
    const remoteHost = net.server(B).connect('rhost', { caps: ['message-tags'], ircx: true });
    remoteHost.send('JOIN #k');
    remoteHost.lines();
    owner.send('MODE #k +io rhost');
    owner.lines();
    remoteHost.lines();
    net.server(B).connect('bob').send('JOIN #k');
    const [here] = owner.lines();
    const [there] = remoteHost.lines();
    expect(here).toMatch(/^@msgid=\S+ :bob!\S+ KNOCK #k 473$/);
    expect(there).toBe(here);
    net.server(B).connect('carol').send('JOIN #d');
    expect(owner.lines()).toEqual([expect.stringMatching(/^@msgid=\S+ :a\.test CLONE #d1 /)]);
  });

  it('a refused join on a +u channel knocks on the hosts of every server', () => {
    const net = twoServers();
    const owner = net.server(A).connect('owner').ircx();
    owner.send('CREATE #a u');
    owner.lines();
    const phost = net.server(B).connect('phost');
    phost.send('JOIN #a');
    phost.lines(); // carries the join to A before the MODE
    owner.send('MODE #a +io phost');
    owner.lines();
    phost.lines();
    const bob = net.server(B).connect('bob');
    expect(bob.ask('JOIN #a')).toEqual([':b.test 473 bob #a :Cannot join channel (+i)']);
    expect(owner.lines()).toEqual([':bob!~bob@127.0.2.1 KNOCK #a 473']);
    expect(phost.lines()).toEqual([':b.test NOTICE #a :bob knocked (Cannot join channel (+i))']);
  });

  it('a clone made on one server exists everywhere and its parent hosts get CLONE', () => {
    const net = twoServers();
    const owner = net.server(A).connect('owner').ircx();
    owner.send('CREATE #chat dl 1');
    owner.send('ACCESS #chat ADD DENY troll');
    owner.lines();
    const carol = net.server(B).connect('carol');
    expect(carol.ask('JOIN #chat')[0]).toBe(':carol!~carol@127.0.1.1 JOIN #chat1');
    expect(owner.lines()).toEqual([`:a.test CLONE #chat1 ${oidOf({ name: '#chat1' })}`]);
    const clone = net.server(A).state.channel('#chat1');
    expect(clone?.cloneOf).toBe('#chat');
    expect(clone?.limit).toBe(1);
    expect(clone?.access.map((e) => e.mask)).toEqual(['troll!*@*$*']);
    expect([...(clone?.members.keys() ?? [])]).toEqual([carol.user.uid]);
    // The clone is full now; the next overflow goes to #chat2.
    expect(net.server(A).connect('dave').ask('JOIN #chat')[0]).toBe(':dave!~dave@127.0.2.1 JOIN #chat2');
  });
});
