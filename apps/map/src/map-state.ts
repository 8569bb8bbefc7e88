import type { MapDelta, MapEdge, MapNode, MapSnapshot } from '@portalchat/protocol';

/** The map as the page holds it: the last snapshot with every delta since applied. */
export interface MapState {
  self: number;
  nodes: ReadonlyMap<number, MapNode>;
  edges: ReadonlyMap<string, MapEdge>;
  /** The server's time of the last snapshot or delta (ms). */
  at: number;
}

/**
 * What a delta meant, for the animations: a portal that stopped carrying traffic (`netsplit`),
 * one that came back (`netjoin`), a burst that started.
 */
export type MapTransition =
  { kind: 'netsplit'; edge: string } | { kind: 'netjoin'; edge: string } | { kind: 'burst'; edge: string };

export function fromSnapshot(snapshot: MapSnapshot): MapState {
  return {
    self: snapshot.view.self,
    nodes: new Map(snapshot.view.nodes.map((n) => [n.id, n])),
    edges: new Map(snapshot.view.edges.map((e) => [e.id, e])),
    at: snapshot.at,
  };
}

/** Applies a delta (each change replaces the node or edge of its ID); the state given is not modified. */
export function applyDelta(state: MapState, delta: MapDelta): { state: MapState; transitions: MapTransition[] } {
  const nodes = new Map(state.nodes);
  const edges = new Map(state.edges);
  const transitions: MapTransition[] = [];
  for (const change of delta.changes) {
    if (change.kind === 'node') {
      nodes.set(change.node.id, change.node);
      continue;
    }
    const { edge } = change;
    const before = edges.get(edge.id);
    if (before?.state === 'up' && edge.state !== 'up') transitions.push({ kind: 'netsplit', edge: edge.id });
    if (before !== undefined && before.state !== 'up' && edge.state === 'up')
      transitions.push({ kind: 'netjoin', edge: edge.id });
    if (edge.burst && !before?.burst) transitions.push({ kind: 'burst', edge: edge.id });
    edges.set(edge.id, edge);
  }
  return { state: { ...state, nodes, edges, at: Math.max(state.at, delta.at) }, transitions };
}
