import { NetworkGraph, splitReason, type ServerRecord } from './network-graph';

const rec = (serverId: number, neighbours: number[], version = 1, epoch = 1): ServerRecord => ({
  serverId,
  name: `S${serverId}`,
  description: `server ${serverId}`,
  epoch,
  version,
  neighbours,
});

/** The reference star: 10 and 11 each linked to 12; seen from 10. */
function star(): NetworkGraph {
  const g = new NetworkGraph({ serverId: 10, name: 'S10', description: 'server 10', epoch: 1 });
  g.setNeighbours([12]);
  g.learn(rec(12, [10, 11]));
  g.learn(rec(11, [12]));
  return g;
}

describe('NetworkGraph', () => {
  it('lists only itself before any link', () => {
    const g = new NetworkGraph({ serverId: 10, name: 'S10', description: 'd', epoch: 1 });
    expect(g.servers()).toEqual([{ serverId: 10, name: 'S10', description: 'd', hops: 0, uplink: 'S10' }]);
  });

  it('computes hops and uplinks across two hops', () => {
    expect(star().servers()).toEqual([
      { serverId: 10, name: 'S10', description: 'server 10', hops: 0, uplink: 'S10' },
      { serverId: 12, name: 'S12', description: 'server 12', hops: 1, uplink: 'S10' },
      { serverId: 11, name: 'S11', description: 'server 11', hops: 2, uplink: 'S12' },
    ]);
  });

  it('counts an edge only when both ends list it', () => {
    const g = new NetworkGraph({ serverId: 10, name: 'S10', description: '', epoch: 1 });
    g.setNeighbours([12]);
    g.learn(rec(12, [10]));
    g.learn(rec(11, [12])); // 12 does not list 11 (yet)
    expect([...g.reachable().keys()]).toEqual([10, 12]);
  });

  it('#14: lists each confirmed link of the reachable network once, low ID first', () => {
    expect(star().edges()).toEqual([
      [10, 12],
      [11, 12],
    ]);
    const g = star();
    g.learn(rec(12, [10], 2)); // 12 dropped 11: that link is gone, and 11 with it
    expect(g.edges()).toEqual([[10, 12]]);
  });

  it('ignores stale records and records about itself', () => {
    const g = star();
    expect(g.learn(rec(12, [10], 1))).toBe(false);
    expect(g.learn(rec(10, [], 99))).toBe(false);
    expect(g.learn(rec(12, [10], 2))).toBe(true);
    expect([...g.reachable().keys()]).toEqual([10, 12]);
    // A restarted server (later epoch) replaces a higher version of the old run.
    expect(g.learn(rec(12, [10, 11], 1, 2))).toBe(true);
    expect([...g.reachable().keys()].sort()).toEqual([10, 11, 12]);
  });

  it('tells which servers lie behind each link, in a triangle both links reach all', () => {
    const g = new NetworkGraph({ serverId: 10, name: 'S10', description: '', epoch: 1 });
    g.setNeighbours([11, 12]);
    g.learn(rec(11, [10, 12]));
    g.learn(rec(12, [10, 11]));
    expect([...g.reachableVia(11)].sort()).toEqual([11, 12]);
    expect([...g.reachableVia(12)].sort()).toEqual([11, 12]);
    expect(g.reachableVia(13).size).toBe(0);
  });

  it('keeps every server when one link of a triangle breaks', () => {
    const g = new NetworkGraph({ serverId: 10, name: 'S10', description: '', epoch: 1 });
    g.setNeighbours([11, 12]);
    g.learn(rec(11, [10, 12]));
    g.learn(rec(12, [10, 11]));
    g.setNeighbours([11]);
    expect(g.servers().map((s) => [s.serverId, s.hops, s.uplink])).toEqual([
      [10, 0, 'S10'],
      [11, 1, 'S10'],
      [12, 2, 'S11'],
    ]);
  });

  it('splits off the far side of a broken link, with the near and far server as reason', () => {
    const g = star();
    const before = g.reachable();
    g.learn(rec(12, [10], 2)); // 12 lost its link to 11
    const after = g.reachable();
    expect([...after.keys()]).toEqual([10, 12]);
    expect(splitReason(before, after, (id) => `S${id}`)).toBe('S12 S11');
    g.pruneUnreachable();
    expect(g.record(11)).toBeUndefined();
  });

  it('names our own broken link when our peer and everything behind it vanish', () => {
    const g = star();
    const before = g.reachable();
    g.setNeighbours([]);
    expect(splitReason(before, g.reachable(), (id) => `S${id}`)).toBe('S10 S12');
    expect(splitReason(g.reachable(), g.reachable(), String)).toBeUndefined();
  });
});
