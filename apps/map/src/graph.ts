import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import type { MapState, MapTransition } from './map-state';
import { edgeClasses, edgeLabel, nodeClasses, nodeLabel } from './presentation';

/** Colours the acceptance test and the legend rely on: a portal that is not up is red. */
export const COLOURS = {
  up: '#2e9d4f',
  lost: '#d62828',
  burst: '#2f6fde',
  pending: '#e8a317',
  split: '#8a8f98',
} as const;

/** The style sheet; `text` and `background` are the page's colours (light or dark theme). */
const style = (text: string, background: string): cytoscape.StylesheetJson => [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'text-wrap': 'wrap',
      'text-valign': 'bottom',
      'text-margin-y': 6,
      'font-size': 13,
      color: text,
      'text-outline-width': 0,
      'background-color': COLOURS.up,
      'border-width': 2,
      'border-color': '#1d6b35',
      width: 44,
      height: 44,
      'transition-property': 'background-color, border-color',
      'transition-duration': 400,
    },
  },
  // The host serving the page: a double ring (blue means a burst on the edges).
  { selector: 'node.self', style: { 'border-width': 9, 'border-style': 'double', 'border-color': text } },
  { selector: 'node.pending', style: { 'background-color': COLOURS.pending, 'border-color': COLOURS.lost } },
  { selector: 'node.split', style: { 'background-color': COLOURS.split, 'border-color': COLOURS.split, opacity: 0.6 } },
  {
    selector: 'edge',
    style: {
      label: 'data(label)',
      'font-size': 11,
      'text-rotation': 'autorotate',
      color: text,
      'text-background-color': background,
      'text-background-opacity': 0.85,
      'text-background-padding': '2px',
      'curve-style': 'bezier',
      width: 4,
      'line-color': COLOURS.up,
      'transition-property': 'line-color, width',
      'transition-duration': 400,
    },
  },
  { selector: 'edge.own', style: { width: 6 } },
  { selector: 'edge.burst', style: { 'line-color': COLOURS.burst, width: 9 } },
  { selector: 'edge.pending-split', style: { 'line-color': COLOURS.lost, 'line-style': 'dashed' } },
  { selector: 'edge.down', style: { 'line-color': COLOURS.lost, 'line-style': 'solid', opacity: 0.8 } },
  // The moment of a netsplit or netjoin: the portal flares for a second.
  { selector: 'edge.flare', style: { width: 14 } },
  { selector: 'node.flare', style: { width: 60, height: 60 } },
];

/** Bursts are often over in milliseconds: each shows for at least this long. */
const BURST_SHOWN_MS = 1500;
const FLARE_MS = 1200;

/** The cytoscape drawing of the map: kept in step with the MapState, animating its transitions. */
export class MapGraph {
  readonly cy: Core;
  private readonly burstUntil = new Map<string, number>();

  constructor(container: HTMLElement) {
    const page = getComputedStyle(document.documentElement);
    const text = page.getPropertyValue('--fg').trim() || '#1c1e21';
    const background = page.getPropertyValue('--bg').trim() || '#f7f8fa';
    // maxZoom: a fit never blows three hosts up to giant labels.
    this.cy = cytoscape({
      container,
      style: style(text, background),
      minZoom: 0.3,
      maxZoom: 1.3,
      wheelSensitivity: 0.3,
    });
  }

  render(state: MapState, transitions: readonly MapTransition[] = []): void {
    const { cy } = this;
    let added = false;
    cy.batch(() => {
      for (const node of state.nodes.values()) {
        added =
          this.upsert({ group: 'nodes', data: { id: String(node.id), label: nodeLabel(node) } }, nodeClasses(node)) ||
          added;
      }
      for (const edge of state.edges.values()) {
        const classes = edgeClasses(edge);
        if (!edge.burst && (this.burstUntil.get(edge.id) ?? 0) > Date.now()) classes.push('burst');
        added =
          this.upsert(
            {
              group: 'edges',
              data: { id: edge.id, source: String(edge.a), target: String(edge.b), label: edgeLabel(edge) },
            },
            classes,
          ) || added;
      }
    });
    for (const t of transitions) this.animate(t, state);
    // A tree from this host outwards: the same drawing every time (cose is random and piled three
    // hosts on each other), and it fits a phone's tall screen as well as a desktop's.
    if (added)
      cy.layout({
        name: 'breadthfirst',
        roots: [`#${state.self}`],
        directed: false,
        // Hosts in a row across a wide screen, in a column down a phone's. Cytoscape 3.34 lays an
        // undirected tree's levels side by side for 'downward' and one above the other for
        // 'rightward' (measured in the screenshots; its typings lack the option).
        ...{ direction: cy.height() > cy.width() ? 'rightward' : 'downward' },
        spacingFactor: cy.height() > cy.width() ? 2 : 1.1,
        padding: 60,
        animate: false,
      }).run();
  }

  /** Adds or updates an element; true when it is new. */
  private upsert(definition: ElementDefinition, classes: string[]): boolean {
    const id = String(definition.data.id);
    const existing = this.cy.getElementById(id);
    if (existing.nonempty()) {
      existing.data('label', definition.data['label']);
      existing.classes(classes.concat(existing.hasClass('flare') ? ['flare'] : []));
      return false;
    }
    this.cy.add({ ...definition, classes });
    return true;
  }

  private animate(t: MapTransition, state: MapState): void {
    const edge = this.cy.getElementById(t.edge);
    if (t.kind === 'burst') {
      this.burstUntil.set(t.edge, Date.now() + BURST_SHOWN_MS);
      edge.addClass('burst');
      // Re-render when the minimum showing is over, so the class goes if the burst has.
      setTimeout(() => this.render(state), BURST_SHOWN_MS + 50);
      return;
    }
    edge.flashClass('flare', FLARE_MS);
    edge.connectedNodes().flashClass('flare', FLARE_MS);
  }
}
