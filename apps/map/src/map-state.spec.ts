import type { MapEdge, MapNode, MapSnapshot } from '@portalchat/protocol';
import { applyDelta, fromSnapshot } from './map-state';

const node = (id: number, over: Partial<MapNode> = {}): MapNode => ({
  id,
  name: `S${id}`,
  description: '',
  state: 'up',
  self: id === 10,
  users: 1,
  channels: 1,
  ...over,
});

const edge = (a: number, b: number, over: Partial<MapEdge> = {}): MapEdge => ({
  id: `${a}-${b}`,
  a,
  b,
  state: 'up',
  portal: null,
  rttMs: null,
  rateAB: null,
  rateBA: null,
  burst: false,
  reason: null,
  ...over,
});

const snapshot: MapSnapshot = {
  v: 1,
  at: 100,
  view: { self: 10, nodes: [node(10), node(11), node(12)], edges: [edge(10, 12), edge(11, 12)] },
};

describe('map state', () => {
  it('takes a snapshot whole', () => {
    const state = fromSnapshot(snapshot);
    expect(state.self).toBe(10);
    expect([...state.nodes.keys()]).toEqual([10, 11, 12]);
    expect([...state.edges.keys()]).toEqual(['10-12', '11-12']);
    expect(state.at).toBe(100);
  });

  it('#14: replaces what a delta names and reports a netsplit, then the netjoin', () => {
    const start = fromSnapshot(snapshot);
    const split = applyDelta(start, {
      v: 1,
      at: 200,
      changes: [
        { kind: 'node', node: node(11, { state: 'pending' }) },
        { kind: 'edge', edge: edge(11, 12, { state: 'pending-split' }) },
      ],
    });
    expect(split.transitions).toEqual([{ kind: 'netsplit', edge: '11-12' }]);
    expect(split.state.nodes.get(11)?.state).toBe('pending');
    expect(split.state.edges.get('11-12')?.state).toBe('pending-split');
    expect(start.edges.get('11-12')?.state).toBe('up'); // the old state is left alone

    const down = applyDelta(split.state, {
      v: 1,
      at: 300,
      changes: [{ kind: 'edge', edge: edge(11, 12, { state: 'down' }) }],
    });
    expect(down.transitions).toEqual([]); // already split: no second animation

    const join = applyDelta(down.state, {
      v: 1,
      at: 400,
      changes: [{ kind: 'edge', edge: edge(11, 12, { burst: true }) }],
    });
    expect(join.transitions).toEqual([
      { kind: 'netjoin', edge: '11-12' },
      { kind: 'burst', edge: '11-12' },
    ]);
    expect(join.state.at).toBe(400);
  });

  it('adds a server or portal it did not know', () => {
    const { state, transitions } = applyDelta(fromSnapshot(snapshot), {
      v: 1,
      at: 150,
      changes: [
        { kind: 'node', node: node(13) },
        { kind: 'edge', edge: edge(12, 13) },
      ],
    });
    expect(state.nodes.has(13)).toBe(true);
    expect(state.edges.get('12-13')?.state).toBe('up');
    expect(transitions).toEqual([]);
  });
});
