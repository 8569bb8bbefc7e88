import type { PortalMapLink, PortalMapReport } from '@portalchat/protocol';
import { diffViews, MapModel, REPORT_STALE_MS } from './map-model';

const S = (serverId: number, hops: number) => ({ serverId, name: `S${serverId}`, description: `d${serverId}`, hops });

const link = (over: Partial<PortalMapLink> = {}): PortalMapLink => ({
  portal: 'to12',
  peerId: 12,
  state: 'up',
  since: 0,
  rttMs: 1.234,
  eventsIn: 0,
  eventsOut: 0,
  ...over,
});

/** Server 10's portal in the reference star (10 — 12 — 11). */
const report = (at: number, over: Partial<PortalMapReport> = {}): PortalMapReport => ({
  v: 1,
  serverId: 10,
  at,
  servers: [S(10, 0), S(12, 1), S(11, 2)],
  pending: [],
  edges: [
    [10, 12],
    [11, 12],
  ],
  links: [link()],
  ...over,
});

const model = () => new MapModel({ serverId: 10, name: 'S10', description: 'd10' });
const edge = (m: MapModel, id: string, now: number) => m.view(now).edges.find((e) => e.id === id);
const node = (m: MapModel, id: number, now: number) => m.view(now).nodes.find((n) => n.id === id);

describe('MapModel', () => {
  it('#14: shows every server and portal of the network, figures only on its own portals', () => {
    const m = model();
    m.takeReport(report(1000), 1000);
    const view = m.view(1000);
    expect(view.self).toBe(10);
    expect(view.nodes.map((n) => [n.id, n.name, n.state, n.self])).toEqual([
      [10, 'S10', 'up', true],
      [11, 'S11', 'up', false],
      [12, 'S12', 'up', false],
    ]);
    expect(view.edges).toEqual([
      {
        id: '10-12',
        a: 10,
        b: 12,
        state: 'up',
        portal: 'to12',
        rttMs: 1.2,
        rateAB: null,
        rateBA: null,
        burst: false,
        reason: null,
      },
      {
        id: '11-12',
        a: 11,
        b: 12,
        state: 'up',
        portal: null,
        rttMs: null,
        rateAB: null,
        rateBA: null,
        burst: false,
        reason: null,
      },
    ]);
  });

  it('computes events per second each way over at least most of a second', () => {
    const m = model();
    m.takeReport(report(1000, { links: [link({ eventsIn: 10, eventsOut: 100 })] }), 1000);
    m.takeReport(report(1010, { links: [link({ eventsIn: 500, eventsOut: 500 })] }), 1010); // too soon to count
    expect(edge(m, '10-12', 1010)).toMatchObject({ rateAB: null, rateBA: null });
    m.takeReport(report(3000, { links: [link({ eventsIn: 30, eventsOut: 300 })] }), 3000);
    // 10 → 12 is this host's out: 200 events over 2 s.
    expect(edge(m, '10-12', 3000)).toMatchObject({ rateAB: 100, rateBA: 10 });
    // A restarted portal counts from zero again: no rate until the next window.
    m.takeReport(report(4000, { links: [link({ eventsIn: 1, eventsOut: 1 })] }), 4000);
    expect(edge(m, '10-12', 4000)).toMatchObject({ rateAB: null, rateBA: null });
  });

  it('shows a remote netsplit as pending, then as a split, keeping the lost server and link', () => {
    const m = model();
    m.takeReport(report(1000), 1000);
    m.takeReport(report(2000, { servers: [S(10, 0), S(12, 1)], pending: [11], edges: [[10, 12]] }), 2000);
    expect(edge(m, '11-12', 2000)?.state).toBe('pending-split');
    expect(node(m, 11, 2000)?.state).toBe('pending');
    m.takeReport(report(7000, { servers: [S(10, 0), S(12, 1)], pending: [], edges: [[10, 12]] }), 7000);
    expect(edge(m, '11-12', 7000)?.state).toBe('down');
    expect(node(m, 11, 7000)).toMatchObject({ name: 'S11', state: 'split' });
    // The netjoin: all up again.
    m.takeReport(report(9000), 9000);
    expect(m.view(9000).edges.map((e) => e.state)).toEqual(['up', 'up']);
  });

  it("shows its own portal's lost link with the reason, and a burst in progress on a link that is up", () => {
    const m = model();
    m.takeReport(report(1000, { links: [link({ burst: 'sending' })] }), 1000);
    expect(edge(m, '10-12', 1000)?.burst).toBe(true);
    const lost = link({ state: 'down', reason: 'link silent for 3.5 s', rttMs: undefined });
    m.takeReport(report(2000, { servers: [S(10, 0)], pending: [11, 12], edges: [], links: [lost] }), 2000);
    expect(edge(m, '10-12', 2000)).toMatchObject({
      state: 'pending-split',
      reason: 'link silent for 3.5 s',
      rttMs: null,
    });
    expect(edge(m, '11-12', 2000)?.state).toBe('pending-split');
  });

  it('takes its links for down when the portal stops reporting', () => {
    const m = model();
    m.takeReport(report(1000), 1000);
    expect(edge(m, '10-12', 1000 + REPORT_STALE_MS)?.state).toBe('up');
    const later = 1001 + REPORT_STALE_MS;
    expect(edge(m, '10-12', later)).toMatchObject({ state: 'down', reason: 'the portal service is not answering' });
    expect(node(m, 12, later)?.state).toBe('split');
    expect(node(m, 10, later)?.state).toBe('up');
  });

  it("puts state's users and channels on each server, and names a configured peer it never reached", () => {
    const m = model();
    m.takeCensus({
      v: 1,
      servers: [
        { serverId: 10, name: 'S10', users: 3, channels: 2 },
        { serverId: 11, name: 'S11', users: 1, channels: 1 },
      ],
    });
    m.takeReport(report(1000, { servers: [S(10, 0)], edges: [], links: [link({ state: 'down', peerId: 13 })] }), 1000);
    const view = m.view(1000);
    expect(view.nodes.map((n) => [n.id, n.name, n.state, n.users, n.channels])).toEqual([
      [10, 'S10', 'up', 3, 2],
      [11, 'S11', 'split', 1, 1],
      [13, 'server 13', 'split', null, null],
    ]);
    expect(view.edges).toEqual([expect.objectContaining({ id: '10-13', state: 'down' })]);
  });

  it('is only this host: a report of another server is ignored', () => {
    const m = model();
    m.takeReport({ ...report(1000), serverId: 99 }, 1000);
    expect(m.view(1000).nodes.map((n) => n.id)).toEqual([10]);
    expect(m.view(1000).edges).toEqual([]);
  });
});

describe('diffViews', () => {
  it('lists everything the first time, then only what changed', () => {
    const m = model();
    m.takeReport(report(1000), 1000);
    const first = m.view(1000);
    expect(diffViews(undefined, first)).toHaveLength(5);
    expect(diffViews(first, m.view(1000))).toEqual([]);
    // Half a second later: too soon for a rate, so only the split shows.
    m.takeReport(report(1500, { servers: [S(10, 0), S(12, 1)], pending: [11], edges: [[10, 12]] }), 1500);
    const changes = diffViews(first, m.view(1500));
    expect(changes.map((c) => (c.kind === 'node' ? [c.node.id, c.node.state] : [c.edge.id, c.edge.state]))).toEqual([
      [11, 'pending'],
      ['11-12', 'pending-split'],
    ]);
  });
});
