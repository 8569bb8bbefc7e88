import type { Browser, Page } from 'playwright-core';
import { defined, eventually } from '@portalchat/testkit';
import type { NetworkHost } from './network';

/** The URL of a host's network map (its first WebSocket listener). */
export function mapUrl(host: NetworkHost): string {
  const listener = defined(host.config.listen.websocket[0], `${host.name}'s WebSocket listener`);
  return `http://${listener.host}:${listener.port}/map`;
}

/** What a map page shows of one portal: its table row and the colour cytoscape draws it in. */
export interface DrawnEdge {
  id: string;
  state: string | undefined;
  colour: string;
}

export interface DrawnNode {
  id: string;
  label: string;
  classes: string[];
}

// Run in the page (this project's TypeScript has no DOM types): `portalchatMap` is the page's
// cytoscape instance (apps/map main.ts), the table rows carry each portal's state.
const IN_PAGE_EDGES = `(window.portalchatMap ? window.portalchatMap.edges().map((edge) => ({
  id: edge.id(),
  state: document.querySelector('tr[data-edge="' + edge.id() + '"]')?.dataset.state,
  colour: edge.style('line-color'),
})) : [])`;
const IN_PAGE_NODES = `(window.portalchatMap ? window.portalchatMap.nodes().map((node) => ({
  id: node.id(),
  label: node.data('label'),
  classes: node.classes(),
})) : [])`;

/** A browser page on a host's /map, read the way a person looks at it: the table and the drawing. */
export class MapPage {
  private constructor(readonly page: Page) {}

  static async open(browser: Browser, host: NetworkHost, viewport = { width: 1280, height: 800 }): Promise<MapPage> {
    const page = await browser.newPage({ viewport });
    await page.goto(mapUrl(host));
    return new MapPage(page);
  }

  /** Every portal the page draws: its table row's state and the line colour of the graph's edge. */
  edges(): Promise<DrawnEdge[]> {
    return this.page.evaluate<DrawnEdge[]>(IN_PAGE_EDGES);
  }

  /** The hosts drawn, with their labels and classes (`up`, `pending`, `split`, `self`). */
  nodes(): Promise<DrawnNode[]> {
    return this.page.evaluate<DrawnNode[]>(IN_PAGE_NODES);
  }

  /** Waits until the page shows `what` (polled; the page updates itself from its event stream). */
  async until<T>(what: string, read: (page: MapPage) => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
    return eventually(`map page: ${what}`, () => read(this), { timeoutMs });
  }

  close(): Promise<void> {
    return this.page.close();
  }
}
