import { Harness, makeConfig } from './harness';

describe('Harness', () => {
  it('registers a client and clears its welcome', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    expect(alice.lines()).toEqual([]);
    expect(h.state.userByNick('alice')?.nick).toBe('alice');
  });

  it('routes each line only to its recipient', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    const bob = h.connect('bob');
    expect(alice.ask('PING x')).toEqual([':irc.test PONG irc.test x']);
    expect(bob.lines()).toEqual([]);
  });

  it('merges config overrides section by section', () => {
    const config = makeConfig({ limits: { nickLength: 9 } });
    expect(config.limits.nickLength).toBe(9);
    expect(config.limits.userLength).toBe(10);
  });
});
