import { operatorAccount } from '../../testing/harness';
import { A, B, twoServers } from '../../testing/networks';
import { TestNetwork } from '../../testing/test-network';

describe('network: users across servers', () => {
  it('a user registered on one server is known on the other, with its server', () => {
    const net = twoServers();
    net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    const whois = bob.ask('WHOIS alice');
    expect(whois).toContain(':b.test 312 bob alice a.test :Server A');
    // Idle time is only known on the user's own server.
    expect(whois.some((l) => / 317 /.test(l))).toBe(false);
  });

  it('a NICK change is seen by channel peers on the other server', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    alice.send('JOIN #c');
    bob.send('JOIN #c');
    bob.lines();
    alice.send('NICK alicia');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 NICK alicia']);
    expect(net.server(B).state.userByNick('alicia')?.uid).toBe(alice.user.uid);
    expect(net.server(B).state.userByNick('alice')).toBeUndefined();
  });

  it('a QUIT is seen by peers on the other server and the user is gone there', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    alice.send('JOIN #c');
    bob.send('JOIN #c');
    bob.lines();
    const uid = alice.user.uid;
    alice.send('QUIT :bye');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 QUIT :Quit: bye']);
    expect(net.server(B).state.users.has(uid)).toBe(false);
  });

  it('a dropped connection QUITs on the other server too', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    alice.send('JOIN #c');
    bob.send('JOIN #c');
    bob.lines();
    alice.disconnect('Ping timeout: 180 seconds');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 QUIT :Ping timeout: 180 seconds']);
  });

  it('AWAY reaches away-notify peers on the other server', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob', { caps: ['away-notify'] });
    alice.send('JOIN #c');
    bob.send('JOIN #c');
    bob.lines();
    alice.send('AWAY :lunch');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 AWAY lunch']);
    alice.send('AWAY');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 AWAY']);
  });

  it('user modes travel', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    alice.send('MODE alice +i');
    bob.lines();
    expect([...(net.server(B).state.userByNick('alice')?.modes ?? [])]).toEqual(['i']);
    expect(bob.ask('WHO alice')[0]).toMatch(/ 352 bob \* ~alice 127\.0\.1\.1 a\.test alice H :1 alice test$/);
  });

  it('KILL of a user on another server disconnects it there and removes it everywhere', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test', overrides: { operators: [operatorAccount('root', 'secret')] } },
      { id: B, name: 'b.test' },
    ]);
    net.link(A, B);
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    const carol = net.server(B).connect('carol');
    bob.send('JOIN #c');
    carol.send('JOIN #c');
    carol.lines(); // carries the JOINs to server A before alice joins
    alice.send('JOIN #c');
    alice.send('OPER root secret');
    alice.lines(); // the 381: a client waits for it before going on
    alice.lines();
    bob.lines();
    carol.lines();
    const uid = bob.user.uid;
    alice.send('KILL bob :spamming');
    expect(alice.lines()).toEqual([':bob!~bob@127.0.1.1 QUIT :Killed (alice (spamming))']);
    expect(bob.lines()).toEqual([
      ':alice!~alice@127.0.1.1 KILL bob spamming',
      'ERROR :Closing Link: 127.0.1.1 (Killed (alice (spamming)))',
    ]);
    expect(bob.closed).toBe(true);
    expect(carol.lines()).toEqual([':bob!~bob@127.0.1.1 QUIT :Killed (alice (spamming))']);
    expect(net.server(A).state.users.has(uid)).toBe(false);
    expect(net.server(B).state.users.has(uid)).toBe(false);
  });

  it('KILL of a local user: the other servers see it QUIT with the kill reason', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test', overrides: { operators: [operatorAccount('root', 'secret')] } },
      { id: B, name: 'b.test' },
    ]);
    net.link(A, B);
    const alice = net.server(A).connect('alice');
    const dan = net.server(A).connect('dan');
    const bob = net.server(B).connect('bob');
    dan.send('JOIN #c');
    dan.lines();
    bob.send('JOIN #c');
    alice.send('OPER root secret');
    alice.lines(); // the 381: a client waits for it before going on
    alice.lines();
    bob.lines();
    alice.send('KILL dan :flood');
    expect(dan.closed).toBe(true);
    expect(bob.lines()).toEqual([':dan!~dan@127.0.2.1 QUIT :Killed (alice (flood))']);
    // One `kill` travels, no extra `quit`.
    expect(
      net.emitted
        .get(A)
        ?.filter((e) => ['kill', 'quit'].includes(e.event.type))
        .map((e) => e.event.type),
    ).toEqual(['kill']);
  });

  it('WALLOPS reaches +w users on every server', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test', overrides: { operators: [operatorAccount('root', 'secret')] } },
      { id: B, name: 'b.test' },
    ]);
    net.link(A, B);
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    bob.send('MODE bob +w');
    alice.send('OPER root secret');
    alice.lines(); // the 381: a client waits for it before going on
    bob.lines();
    alice.send('WALLOPS :maintenance at noon');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 WALLOPS :maintenance at noon']);
  });
});
