import { A, B, twoServers } from '../testing/networks';
import { Harness } from '../testing/harness';

/** #lag with an IRCX owner, an IRCX host and a plain member. */
function setup() {
  const h = new Harness();
  const owner = h.connect('owner', { ircx: true });
  const host = h.connect('host', { ircx: true });
  const plain = h.connect('plain');
  h.addToChannel('#lag', owner, 'q');
  h.addToChannel('#lag', host, 'o');
  h.addToChannel('#lag', plain);
  h.pump();
  return { h, owner, host, plain };
}

describe('IRCX LAG: the spacing state asks the gateway for', () => {
  it('PROP LAG tells the gateway of each plain member, not of hosts and owners', () => {
    const { owner, host, plain } = setup();
    owner.ask('PROP #lag LAG 2');
    expect(plain.lagOps).toEqual([2000]);
    expect(owner.lagOps).toEqual([]);
    expect(host.lagOps).toEqual([]);
    owner.ask('PROP #lag LAG :');
    expect(plain.lagOps).toEqual([2000, 0]);
  });

  it('a JOIN of a LAG channel sets it; the largest LAG of the channels counts', () => {
    const { h, owner } = setup();
    owner.ask('PROP #lag LAG 1');
    const joiner = h.connect('joiner');
    h.addToChannel('#two', owner, 'q');
    owner.ask('PROP #two LAG 2');
    joiner.ask('JOIN #lag');
    expect(joiner.lagOps).toEqual([1000]);
    joiner.ask('JOIN #two');
    expect(joiner.lagOps).toEqual([1000, 2000]);
  });

  it('after a PART, the next channel message lowers it again (sent once)', () => {
    const { h, owner, plain } = setup();
    h.addToChannel('#free', plain);
    owner.ask('PROP #lag LAG 2');
    plain.ask('PART #lag');
    expect(plain.lagOps).toEqual([2000]);
    plain.ask('PRIVMSG #free :hi');
    plain.ask('PRIVMSG #free :again');
    expect(plain.lagOps).toEqual([2000, 0]);
  });

  it('follows a LAG set on another server', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice').ircx();
    const bob = net.server(B).connect('bob');
    alice.send('JOIN #c');
    bob.send('JOIN #c');
    net.server(A).state.channel('#c')?.members.get(alice.user.uid)?.modes.add('o');
    // Both made #c while apart: bob is its host on B, which would exempt him.
    net.server(B).state.channel('#c')?.members.get(bob.user.uid)?.modes.delete('o');
    alice.send('PROP #c LAG 1');
    bob.lines();
    expect(bob.lagOps).toEqual([1000]);
  });
});
