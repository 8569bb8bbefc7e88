import { operatorAccount } from '../../testing/harness';
import { A, B } from '../../testing/networks';
import { TestNetwork } from '../../testing/test-network';
import { isGagged } from '../levels';
import { defined } from '@portalchat/testkit';

/** IRCX levels across servers: the owner mode (+q) and the gag (+z) travel, each shown as it should be. */

function network() {
  const net = new TestNetwork([
    {
      id: A,
      name: 'a.test',
      description: 'Server A',
      overrides: { operators: [operatorAccount('sys', 'pw'), { ...operatorAccount('boss', 'pw'), level: 'admin' }] },
    },
    { id: B, name: 'b.test', description: 'Server B' },
  ]);
  net.link(A, B);
  return net;
}

describe('network: IRCX levels', () => {
  it('+q travels: a remote IRCX member sees .bob, a plain one ~bob, and the owner keeps its rights', () => {
    const net = network();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    const carol = net.server(B).connect('carol');
    carol.send('IRCX');
    alice.send('JOIN #c');
    bob.send('JOIN #c');
    carol.send('JOIN #c');
    net.server(A).state.channel('#c')?.members.get(alice.user.uid)?.modes.add('q');
    for (const c of [alice, bob, carol]) c.lines();

    expect(alice.ask('MODE #c +q bob')).toEqual([':alice!~alice@127.0.1.1 MODE #c +q bob']);
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 MODE #c +q bob']);
    expect(carol.lines()).toEqual([':alice!~alice@127.0.1.1 MODE #c +q bob']);
    expect(net.server(B).state.channel('#c')?.members.get(bob.user.uid)?.modes.has('q')).toBe(true);
    expect(carol.ask('NAMES #c')[0]).toBe(':b.test 353 carol = #c :.bob carol @alice');
    expect(bob.ask('NAMES #c')[0]).toBe(':b.test 353 bob = #c :~bob carol @alice');
    // On b.test bob is an owner now: it may take alice's host status.
    expect(bob.ask('MODE #c -o alice')).toEqual([':bob!~bob@127.0.1.1 MODE #c -o alice']);
    expect(alice.lines()).toEqual([':bob!~bob@127.0.1.1 MODE #c -o alice']);
  });

  it("+z travels to the target's server without the target ever seeing it", () => {
    const net = network();
    const ops = net.server(A).connect('ops');
    const bob = net.server(B).connect('bob');
    ops.send('OPER sys pw');
    ops.lines();
    bob.lines();

    expect(ops.ask('MODE bob +z')).toEqual([':ops!~ops@127.0.1.1 MODE bob +z']);
    expect(bob.lines()).toEqual([]);
    expect(isGagged(bob.user)).toBe(true);
    expect(isGagged(defined(net.server(A).state.userByNick('bob'), 'bob on A'))).toBe(true);
    expect(bob.ask('MODE bob')).toEqual([':b.test 221 bob +']);

    // The target's own later change restates its modes, gag included, on every server.
    bob.send('MODE bob +i');
    expect(bob.lines()).toEqual([':bob MODE bob +i']);
    expect([...defined(net.server(A).state.userByNick('bob'), 'bob on A').modes].sort()).toEqual(['i', 'z']);

    expect(ops.ask('MODE bob -z')).toEqual([':ops!~ops@127.0.1.1 MODE bob -z']);
    expect(bob.lines()).toEqual([]);
    expect(isGagged(bob.user)).toBe(false);
    expect(isGagged(defined(net.server(A).state.userByNick('bob'), 'bob on A'))).toBe(false);
  });

  it('+r by a sysop manager registers the channel on every server; +a travels with the umode', () => {
    const net = network();
    const root = net.server(A).connect('root');
    const bob = net.server(B).connect('bob');
    bob.send('JOIN #c');
    root.send('OPER boss pw');
    root.lines();
    expect([...defined(net.server(B).state.userByNick('root'), 'root on B').modes].sort()).toEqual(['a', 'o']);
    expect(root.ask('MODE #c +r')).toEqual([':root!~root@127.0.1.1 MODE #c +r']);
    const onB = defined(net.server(B).state.channel('#c'), '#c on B');
    expect(onB.registered).toBe(true);
    expect(net.server(B).state.dirtyRegistered.has('#c')).toBe(true);
    expect(net.server(A).state.channel('#c')?.registered).toBe(true);
    // Registered, the channel stays on both servers when its last member leaves.
    bob.send('PART #c');
    bob.lines();
    expect(net.server(B).state.channel('#c')).toBe(onB);
    expect(net.server(A).state.channel('#c')).toBeDefined();
  });
});
