import type { MapDelta, MapSnapshot } from '@portalchat/protocol';
import { MapGraph } from './graph';
import { applyDelta, fromSnapshot, type MapState } from './map-state';
import { EDGE_STATE_TEXT, edgeFigures } from './presentation';

/**
 * The network map page: a snapshot from /map/events, then deltas, drawn with cytoscape and
 * listed in a table beside it (the table is the accessible view, and says why a link is down).
 */
function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

const graph = new MapGraph(element('graph'));
const status = element('status');
const rows = element<HTMLTableSectionElement>('links');
let state: MapState | undefined;

// For a look from the browser's console (and the browser tests): the cytoscape instance.
(window as unknown as { portalchatMap: unknown }).portalchatMap = graph.cy;

function renderTable(current: MapState): void {
  const nameOf = (id: number) => current.nodes.get(id)?.name ?? String(id);
  rows.replaceChildren(
    ...[...current.edges.values()].map((edge) => {
      const tr = document.createElement('tr');
      tr.dataset['edge'] = edge.id;
      tr.dataset['state'] = edge.state;
      const cells = [
        `${nameOf(edge.a)} — ${nameOf(edge.b)}`,
        EDGE_STATE_TEXT[edge.state],
        edge.state === 'up' ? edgeFigures(edge, nameOf) : (edge.reason ?? ''),
      ];
      for (const [i, text] of cells.entries()) {
        const td = document.createElement('td');
        td.textContent = text;
        if (i === 1) td.className = `state ${edge.state}`;
        tr.append(td);
      }
      return tr;
    }),
  );
  const self = current.nodes.get(current.self);
  const servers = [...current.nodes.values()];
  const up = servers.filter((n) => n.state === 'up').length;
  status.textContent = `${self?.name ?? 'this host'} · ${up} of ${servers.length} servers linked · updated ${new Date(current.at).toLocaleTimeString()}`;
  status.className = 'live';
}

const events = new EventSource('/map/events');
events.addEventListener('snapshot', (e) => {
  state = fromSnapshot(JSON.parse((e as MessageEvent<string>).data) as MapSnapshot);
  graph.cy.elements().remove(); // a reconnect's snapshot is the whole truth
  graph.render(state);
  renderTable(state);
});
events.addEventListener('delta', (e) => {
  if (!state) return;
  const applied = applyDelta(state, JSON.parse((e as MessageEvent<string>).data) as MapDelta);
  state = applied.state;
  graph.render(state, applied.transitions);
  renderTable(state);
});
events.addEventListener('error', () => {
  status.textContent = 'Connection to the server lost: reconnecting…';
  status.className = 'lost';
});
