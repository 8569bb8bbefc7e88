import { operatorAccount } from '../../testing/harness';
import { A, B, C, threeServerStar } from '../../testing/networks';
import { TestNetwork } from '../../testing/test-network';

/** GLINE across servers: it travels, drops matching users everywhere, and settles by time in bursts. */

function pair(): TestNetwork {
  return new TestNetwork([
    { id: A, name: 'a.test', overrides: { operators: [operatorAccount('root', 'pw')] } },
    { id: B, name: 'b.test' },
  ]);
}

function operOn(net: TestNetwork, id: number) {
  const oper = net.server(id).connect('oper', { ip: '127.0.0.10' });
  oper.send('OPER root pw');
  oper.lines();
  return oper;
}

describe('network: GLINE', () => {
  it('set on one server drops the matching user on another; everyone sees the QUIT', () => {
    const net = threeServerStar({ [A]: { operators: [operatorAccount('root', 'pw')] } });
    const oper = operOn(net, A);
    const bad = net.server(B).connect('bad', { ip: '127.0.5.5' });
    const badUid = bad.user.uid;
    const watcher = net.server(C).connect('watcher');
    bad.send('JOIN #a');
    watcher.send('JOIN #a');
    net.flush();
    bad.lines();
    watcher.lines();
    expect(oper.ask('GLINE *@127.0.5.5 :network abuse')).toEqual([
      ':a.test NOTICE oper :Added permanent G-Line [*@127.0.5.5]: network abuse',
    ]);
    expect(bad.lines()).toEqual([
      ':b.test 465 bad :You are banned from this server: network abuse',
      'ERROR :Closing Link: 127.0.5.5 (G-Lined: network abuse)',
    ]);
    expect(watcher.lines()).toEqual([':bad!~bad@127.0.5.5 QUIT :G-Lined: network abuse']);
    // New connections are refused on every server.
    const again = net.server(C).connectUnregistered({ ip: '127.0.5.5' });
    again.send('NICK bad2');
    again.send('USER bad2 0 * :x');
    expect(again.lines()[0]).toBe(':c.test 465 bad2 :You are banned from this server: network abuse');
    expect(net.server(C).state.users.has(badUid)).toBe(false);
  });

  it('UNGLINE lifts it on every server', () => {
    const net = threeServerStar({ [A]: { operators: [operatorAccount('root', 'pw')] } });
    const oper = operOn(net, A);
    oper.send('GLINE *@127.0.5.6 :x');
    oper.send('UNGLINE *@127.0.5.6');
    net.flush();
    expect(net.server(B).connect('ok', { ip: '127.0.5.6' }).closed).toBe(false);
    expect(oper.ask('STATS g')).toEqual([':a.test 219 oper g :End of /STATS report']);
  });

  it('a burst brings a GLINE to a server that was apart, and it drops its matching users', () => {
    const net = pair();
    const oper = operOn(net, A);
    const bad = net.server(B).connect('bad', { ip: '127.0.5.7' });
    oper.send('GLINE 30 *@127.0.5.7 :while apart');
    net.link(A, B);
    expect(bad.closed).toBe(true);
    expect(net.server(B).state.serverBans.G.map((b) => b.mask)).toEqual(['*@127.0.5.7']);
    expect(net.server(B).state.serverBans.G[0]?.expiresAt).toBe(net.server(A).now + 30 * 60_000);
  });

  it('a removal made while apart wins over the older ban in the burst (newest change wins)', () => {
    const net = pair();
    net.link(A, B);
    const oper = operOn(net, A);
    oper.send('GLINE *@127.0.5.8 :old');
    net.flush();
    expect(net.server(B).state.serverBans.G).toHaveLength(1);
    net.unlink(A, B);
    net.advance(1000);
    oper.send('UNGLINE *@127.0.5.8');
    net.link(A, B);
    expect(net.server(B).state.serverBans.G.every((b) => b.removed)).toBe(true);
    expect(net.server(B).connect('ok', { ip: '127.0.5.8' }).closed).toBe(false);
  });

  it('expiry is by absolute time, the same on every server, with no event', () => {
    const net = threeServerStar({ [A]: { operators: [operatorAccount('root', 'pw')] } });
    const oper = operOn(net, A);
    oper.send('GLINE 1 *@127.0.5.9 :a minute');
    net.advance(60_000);
    for (const id of [A, B, C]) expect(net.server(id).connect(`u${id}`, { ip: '127.0.5.9' }).closed).toBe(false);
  });
});
