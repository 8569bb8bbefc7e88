// The network map (issue 14) in headless Chromium on the real three-host reference star: every
// host's /map draws the three hosts and both portals, and a portal that stops turns red within
// 5 s, on the hub (its own link) and on a leaf (a link two hops away); it turns green again
// when the portal comes back.
import type { Browser } from 'playwright-core';
import { launchBrowser } from '@portalchat/testkit/browser';
import { MapPage, type DrawnEdge } from './support/map-page';
import { networkSuite } from './support/network-suite';

/** The colours of apps/map's style sheet (graph.ts COLOURS), as cytoscape reports them. */
const GREEN = 'rgb(46,157,79)';
const RED = 'rgb(214,40,40)';

describe('network map in the browser', () => {
  // Server IDs in order of appearance: Chatsrv1 10, Chatsrv3 11 (the hub), Chatsrv2 12.
  const suite = networkSuite(
    [
      ['Chatsrv1', 'Chatsrv3'],
      ['Chatsrv2', 'Chatsrv3'],
    ],
    { websocket: true, splitGraceMs: 5000 },
  );
  const { pool, nick, channel } = suite;
  let browser: Browser;
  const pages: MapPage[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const page of pages) await page.close().catch(() => {});
    await browser?.close();
  });

  const open = async (host: string) => {
    const page = await MapPage.open(browser, suite.net.host(host));
    pages.push(page);
    return page;
  };
  const byId = (edges: DrawnEdge[]) => new Map(edges.map((e) => [e.id, e]));

  it('shows three hosts and two portals, and turns a stopped portal red within 5 s', async () => {
    // Someone on each leaf, in one channel, so the hosts have users to show.
    const chan = channel('map');
    for (const host of ['Chatsrv1', 'Chatsrv2']) {
      const client = await pool(host).registered(nick('m'));
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
    }
    const leaf = await open('Chatsrv1');
    const hub = await open('Chatsrv3');
    for (const page of [leaf, hub]) {
      const edges = await page.until('two green portals', async (p) => {
        const drawn = await p.edges();
        return drawn.length === 2 && drawn.every((e) => e.colour === GREEN && e.state === 'up') ? drawn : undefined;
      });
      expect(edges.map((e) => e.id).sort()).toEqual(['10-11', '11-12']);
      const nodes = await page.until('three hosts with their users', async (p) => {
        const drawn = await p.nodes();
        return drawn.length === 3 && drawn.filter((n) => n.label.includes('1 user')).length === 2 ? drawn : undefined;
      });
      expect(nodes.map((n) => n.label.split('\n')[0]).sort()).toEqual(['Chatsrv1', 'Chatsrv2', 'Chatsrv3']);
    }

    const stopped = Date.now();
    await suite.net.host('Chatsrv2').stopPortal();
    for (const page of [hub, leaf]) {
      const edges = byId(
        await page.until(
          'the stopped portal red',
          async (p) => {
            const drawn = await p.edges();
            return drawn.some((e) => e.id === '11-12' && e.colour === RED) ? drawn : undefined;
          },
          5000,
        ),
      );
      expect(Date.now() - stopped).toBeLessThan(5000);
      expect(edges.get('11-12')?.state).toMatch(/^(pending-split|down)$/);
      expect(edges.get('10-11')).toMatchObject({ colour: GREEN, state: 'up' });
    }
    // Past the split grace the far host is split off, its portal still red.
    await leaf.until(
      'Chatsrv2 split off',
      async (p) => ((await p.nodes()).find((n) => n.id === '12')?.classes.includes('split') ? true : undefined),
      15_000,
    );
    expect(byId(await leaf.edges()).get('11-12')).toMatchObject({ colour: RED, state: 'down' });

    // The netjoin: the portal comes back, and the map turns it green again everywhere.
    await suite.net.host('Chatsrv2').startPortal();
    for (const page of [leaf, hub]) {
      await page.until(
        'both portals green again',
        async (p) => {
          const drawn = await p.edges();
          return drawn.length === 2 && drawn.every((e) => e.colour === GREEN) ? true : undefined;
        },
        20_000,
      );
    }
  }, 90_000);

  it('fits a phone screen: the graph above the table of portals', async () => {
    const page = await MapPage.open(browser, suite.net.host('Chatsrv2'), { width: 390, height: 844 });
    pages.push(page);
    await page.until('the portals listed', async (p) => ((await p.edges()).length === 2 ? true : undefined));
    // In the page: where the graph and the table are, and whether anything overflows sideways.
    const layout = await page.page.evaluate<{
      graphWidth: number;
      graphBottom: number;
      tableTop: number;
      scrollWidth: number;
    }>(
      `(() => {
        const graph = document.getElementById('graph').getBoundingClientRect();
        const table = document.querySelector('aside').getBoundingClientRect();
        return { graphWidth: graph.width, graphBottom: graph.bottom, tableTop: table.top, scrollWidth: document.documentElement.scrollWidth };
      })()`,
    );
    expect(layout.scrollWidth).toBeLessThanOrEqual(390);
    expect(layout.graphWidth).toBeGreaterThan(350);
    expect(layout.tableTop).toBeGreaterThanOrEqual(layout.graphBottom - 1);
  });
});
