// The network map's event stream (issue 14), /map/events on the real hosts of a triangle: the
// snapshot names every host and portal with this host's own links' figures (RTT, events per
// second) and state's users per host; a portal cut with the TCP relay shows as a delta within
// seconds, on both ends' hosts and on the third host, where no server is lost (the cycle keeps
// everyone reachable) and the link alone goes down; it comes back up after the restore.
import type { MapDelta, MapEdge, MapNode, MapSnapshot } from '@portalchat/protocol';
import { SseClient, defined, eventually } from '@portalchat/testkit';
import { mapUrl } from './support/map-page';
import { networkSuite } from './support/network-suite';

/** The map a stream has shown so far: its snapshot with every delta applied. */
function shown(stream: SseClient): { nodes: Map<number, MapNode>; edges: Map<string, MapEdge> } {
  const nodes = new Map<number, MapNode>();
  const edges = new Map<string, MapEdge>();
  for (const { event, data } of stream.events) {
    if (event === 'snapshot') {
      for (const n of (data as MapSnapshot).view.nodes) nodes.set(n.id, n);
      for (const e of (data as MapSnapshot).view.edges) edges.set(e.id, e);
    } else if (event === 'delta') {
      for (const c of (data as MapDelta).changes) {
        if (c.kind === 'node') nodes.set(c.node.id, c.node);
        else edges.set(c.edge.id, c.edge);
      }
    }
  }
  return { nodes, edges };
}

describe('network map event stream', () => {
  // A 10, B 11, C 12; A dials B through a relay the test can cut.
  const suite = networkSuite(
    [
      ['A', 'B'],
      ['B', 'C'],
      ['C', 'A'],
    ],
    { websocket: true, proxied: [['A', 'B']] },
  );
  const { pool, nick } = suite;
  const streams: SseClient[] = [];
  afterAll(() => streams.forEach((s) => s.close()));

  const open = async (host: string) => {
    const stream = await SseClient.open(`${mapUrl(suite.net.host(host))}/events`);
    streams.push(stream);
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    return stream;
  };

  it('#14: a snapshot, then the figures, the users and a cut portal as deltas', async () => {
    await pool('B').registered(nick('sse'));
    const a = await open('A');
    const c = await open('C');
    const snapshot = await a.next<MapSnapshot>('snapshot', () => true);
    expect(snapshot.view.self).toBe(10);
    expect(snapshot.view.nodes.map((n) => n.name).sort()).toEqual(['A', 'B', 'C']);
    expect(snapshot.view.edges.map((e) => e.id)).toEqual(['10-11', '10-12', '11-12']);
    // State's census, the RTT and the rates of A's own portals come within a tick or two.
    await a.next('delta', () => shown(a).nodes.get(11)?.users === 1);
    await a.next('delta', () => [...shown(a).edges.values()].every((e) => e.rttMs !== null || e.portal === null));
    await a.next('delta', () => shown(a).edges.get('10-11')?.rateAB !== null);
    const own = defined(shown(a).edges.get('10-11'), 'the A-B portal');
    expect(own).toMatchObject({ state: 'up', portal: expect.stringMatching(/\S/) as unknown, burst: false });
    expect(own.rttMs).toBeGreaterThanOrEqual(0);
    // On C the A-B link is someone else's: up, with no figures.
    // (C's gateway may have opened the stream before its portal's first report: then it comes as a delta.)
    const remote = await eventually('the A-B portal on C', () => shown(c).edges.get('10-11'));
    expect(remote).toMatchObject({ state: 'up', portal: null, rttMs: null, rateAB: null });

    const cutAt = Date.now();
    const [aSeen, cSeen] = [a.events.length, c.events.length];
    suite.net.proxy('A', 'B').cut();
    await a.next('delta', () => shown(a).edges.get('10-11')?.state === 'down', aSeen);
    await c.next('delta', () => shown(c).edges.get('10-11')?.state === 'down', cSeen);
    expect(Date.now() - cutAt).toBeLessThan(5000);
    // Through C everyone is still reachable: no host is split, and the other links stay up.
    for (const stream of [a, c]) {
      expect([...shown(stream).nodes.values()].map((n) => n.state)).toEqual(['up', 'up', 'up']);
      expect(shown(stream).edges.get('10-12')?.state).toBe('up');
      expect(shown(stream).edges.get('11-12')?.state).toBe('up');
    }
    expect(shown(a).edges.get('10-11')?.reason).toMatch(/\S/);

    suite.net.proxy('A', 'B').restore();
    await a.next('delta', () => shown(a).edges.get('10-11')?.state === 'up', aSeen, 20_000);
    await c.next('delta', () => shown(c).edges.get('10-11')?.state === 'up', cSeen, 20_000);
  }, 60_000);
});
