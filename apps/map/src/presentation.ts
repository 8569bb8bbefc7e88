import type { MapEdge, MapNode } from '@portalchat/protocol';

/** How the page names things: pure, so the wording is tested without a browser. */

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function nodeLabel(node: MapNode): string {
  const counts =
    node.users === null || node.channels === null
      ? 'users unknown'
      : `${plural(node.users, 'user')} · ${plural(node.channels, 'channel')}`;
  const state = node.state === 'pending' ? ' (split pending)' : node.state === 'split' ? ' (split)' : '';
  return `${node.name}${state}\n${counts}`;
}

export const EDGE_STATE_TEXT: Record<MapEdge['state'], string> = {
  up: 'up',
  'pending-split': 'lost, split pending',
  down: 'down',
};

/** An edge's figures: known on this host's own portals, unknown (not propagated) on the others. */
export function edgeFigures(edge: MapEdge, nameOf: (id: number) => string): string {
  if (edge.state !== 'up') return EDGE_STATE_TEXT[edge.state];
  if (edge.portal === null) return 'up · RTT unknown';
  const rtt = edge.rttMs === null ? 'RTT …' : `RTT ${edge.rttMs} ms`;
  const rates =
    edge.rateAB === null || edge.rateBA === null
      ? ''
      : ` · →${nameOf(edge.b)} ${edge.rateAB}/s · →${nameOf(edge.a)} ${edge.rateBA}/s`;
  return `${rtt}${rates}${edge.burst ? ' · burst' : ''}`;
}

/** The short text drawn on a portal in the graph (the table beside it has the full figures). */
export function edgeLabel(edge: MapEdge): string {
  if (edge.state !== 'up') return EDGE_STATE_TEXT[edge.state];
  if (edge.burst) return 'burst';
  return edge.rttMs === null ? '' : `${edge.rttMs} ms`;
}

/** The classes the graph's style sheet draws an edge or node by. */
export function edgeClasses(edge: MapEdge): string[] {
  return [edge.state, ...(edge.burst ? ['burst'] : []), ...(edge.portal !== null ? ['own'] : [])];
}

export function nodeClasses(node: MapNode): string[] {
  return [node.state, ...(node.self ? ['self'] : [])];
}
