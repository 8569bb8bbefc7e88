import type { NetInItem } from '@portalchat/protocol';
import { operatorAccount } from '../../testing/harness';
import { A, B, twoServers } from '../../testing/networks';
import { TestNetwork } from '../../testing/test-network';

describe('network: WALLOPS carries a msgid', () => {
  function opersNetwork() {
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
    return { net, alice, bob };
  }

  it('is emitted with a msgid', () => {
    const { net, alice } = opersNetwork();
    alice.send('WALLOPS :maintenance at noon');
    net.flush();
    const sent = net.emitted
      .get(A)
      ?.map((e) => e.event)
      .filter((e) => e.type === 'wallops');
    expect(sent?.map((e) => e.text)).toEqual(['maintenance at noon']);
    expect(sent?.[0]?.msgid).toMatch(/\S/);
  });

  it('is delivered once even when the events are applied again (a replay bypassing the portals)', () => {
    const { net, alice, bob } = opersNetwork();
    alice.send('WALLOPS :maintenance at noon');
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 WALLOPS :maintenance at noon']);
    net.replayAll(B);
    expect(bob.lines()).toEqual([]);
  });
});

describe('network: items that break the contract', () => {
  const stamp = { origin: A, epoch: 1, seq: 1 };

  it('are ignored and reported, and the rest of the batch still applies', () => {
    const net = twoServers();
    const b = net.server(B);
    const bob = b.connect('bob');
    bob.send('JOIN #c');
    bob.send('MODE bob +w');
    bob.lines();
    const before = b.state.users.size;
    const ignored: string[] = [];
    const faults: unknown[] = [];
    const items = [
      { type: 'event', event: { type: 'teleport', uid: 'x', stamp } },
      { type: 'event', event: { type: 'user', user: { uid: '10BADUSER', nick: 'bad' }, stamp } },
      { type: 'event', event: { type: 'channel', channel: { name: '#c' }, stamp } },
      { type: 'event', event: { type: 'quit', reason: 'who?', stamp } },
      { type: 'event', event: { type: 'wallops', from: 'x', text: 'no stamp' } },
      { type: 'gossip' },
      { type: 'event', event: { type: 'wallops', from: 'a.test', text: 'still here', stamp } },
    ] as unknown as NetInItem[];
    b.engine.applyNetwork(
      items,
      (err) => faults.push(err),
      (problem) => ignored.push(problem),
    );
    expect(ignored).toEqual([
      'unknown event type "teleport"',
      'bad or missing field "user" of user',
      'bad or missing field "channel" of channel',
      'bad or missing field "uid" of quit',
      'event without a stamp',
      'unknown item type "gossip"',
    ]);
    expect(faults).toEqual([]);
    expect(b.state.users.size).toBe(before);
    expect(b.state.channel('#c')?.members.size).toBe(1);
    expect(bob.lines()).toEqual([':a.test WALLOPS :still here']);
  });
});
