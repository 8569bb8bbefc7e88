import {
  mapEdgeId,
  type MapEdge,
  type MapChange,
  type MapNode,
  type MapView,
  type PortalMapLink,
  type PortalMapReport,
  type StateCensus,
} from '@portalchat/protocol';

/**
 * A portal report older than this means the portal is not answering (stopped, crashed, or NATS is
 * away): its reports come once a second, so three missed ones are not a hiccup.
 */
export const REPORT_STALE_MS = 3000;
/**
 * Event rates are taken over at least this long: reports also come on every change, and a rate
 * over a few milliseconds says nothing.
 */
const RATE_WINDOW_MS = 900;

interface Sample {
  at: number;
  eventsIn: number;
  eventsOut: number;
}

interface Rates {
  in: number;
  out: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The network map one host's gateway shows (issue 14), from its portal's reports and its state's
 * census. Pure: the caller gives the time. It remembers every server and portal it has seen, so
 * a netsplit shows as a red link and a greyed host instead of things vanishing; the memory lasts
 * as long as the gateway process.
 *
 * Link figures (RTT, events per second, bursts) exist only for this host's own portals; other
 * links of the network come from the portal's link-state graph, which carries no figures, so the
 * map shows theirs as unknown.
 */
export class MapModel {
  private report: PortalMapReport | undefined;
  private reportReceivedAt = 0;
  private census: StateCensus | undefined;
  private readonly names = new Map<number, { name: string; description: string }>();
  private readonly seenEdges = new Map<string, [number, number]>();
  private readonly samples = new Map<string, Sample>();
  private readonly rates = new Map<string, Rates>();

  constructor(private readonly self: { serverId: number; name: string; description: string }) {
    this.names.set(self.serverId, { name: self.name, description: self.description });
  }

  /** A report from this host's portal, received at `now` (the gateway's clock). */
  takeReport(report: PortalMapReport, now: number): void {
    if (report.serverId !== this.self.serverId) return;
    this.report = report;
    this.reportReceivedAt = now;
    for (const s of report.servers) this.names.set(s.serverId, { name: s.name, description: s.description });
    for (const [a, b] of report.edges) this.seenEdges.set(mapEdgeId(a, b), [Math.min(a, b), Math.max(a, b)]);
    for (const link of report.links) {
      this.takeSample(link, report.at);
      if (link.state === 'up') this.rememberEdge(link.peerId);
    }
  }

  takeCensus(census: StateCensus): void {
    this.census = census;
    for (const s of census.servers) {
      // State names a server it has users of but no description for `server-<id>`: the portal's name wins.
      if (!this.names.has(s.serverId)) this.names.set(s.serverId, { name: s.name, description: '' });
    }
  }

  view(now: number): MapView {
    const fresh = this.report !== undefined && now - this.reportReceivedAt <= REPORT_STALE_MS;
    const report = this.report;
    const reachable = new Set(fresh && report ? report.servers.map((s) => s.serverId) : [this.self.serverId]);
    reachable.add(this.self.serverId);
    const pending = new Set(fresh && report ? report.pending : []);
    const counts = new Map((this.census?.servers ?? []).map((s) => [s.serverId, s]));

    const ids = new Set<number>([...this.names.keys(), ...pending]);
    for (const link of report?.links ?? []) ids.add(link.peerId);
    const nodes: MapNode[] = [...ids]
      .sort((a, b) => a - b)
      .map((id) => {
        const known = this.names.get(id);
        const count = counts.get(id);
        return {
          id,
          name: known?.name ?? `server ${id}`,
          description: known?.description ?? '',
          state: reachable.has(id) ? 'up' : pending.has(id) ? 'pending' : 'split',
          self: id === this.self.serverId,
          users: count?.users ?? null,
          channels: count?.channels ?? null,
        };
      });

    const edges = new Map<string, MapEdge>();
    for (const [id, [a, b]] of this.seenEdges) {
      const confirmed = fresh && report !== undefined && report.edges.some(([x, y]) => mapEdgeId(x, y) === id);
      edges.set(id, {
        id,
        a,
        b,
        state: confirmed ? 'up' : pending.has(a) || pending.has(b) ? 'pending-split' : 'down',
        portal: null,
        rttMs: null,
        rateAB: null,
        rateBA: null,
        burst: false,
        reason: null,
      });
    }
    // This host's own portals: what their link statuses say overrides the graph.
    for (const link of report?.links ?? []) {
      const edge = this.ownEdge(link, fresh, pending);
      edges.set(edge.id, edge);
    }
    return { self: this.self.serverId, nodes, edges: [...edges.values()].sort((x, y) => x.a - y.a || x.b - y.b) };
  }

  private ownEdge(link: PortalMapLink, fresh: boolean, pending: ReadonlySet<number>): MapEdge {
    const self = this.self.serverId;
    const id = mapEdgeId(self, link.peerId);
    const up = fresh && link.state === 'up';
    const rates = up ? this.rates.get(link.portal) : undefined;
    const selfIsA = self < link.peerId;
    const reason = fresh ? (link.reason ?? null) : 'the portal service is not answering';
    return {
      id,
      a: Math.min(self, link.peerId),
      b: Math.max(self, link.peerId),
      state: up ? 'up' : pending.has(link.peerId) ? 'pending-split' : 'down',
      portal: link.portal,
      rttMs: up && link.rttMs !== undefined ? round1(link.rttMs) : null,
      rateAB: rates ? (selfIsA ? rates.out : rates.in) : null,
      rateBA: rates ? (selfIsA ? rates.in : rates.out) : null,
      burst: up && link.burst !== undefined,
      reason: up ? null : reason,
    };
  }

  private rememberEdge(peerId: number): void {
    const self = this.self.serverId;
    this.seenEdges.set(mapEdgeId(self, peerId), [Math.min(self, peerId), Math.max(self, peerId)]);
  }

  /** Rates per portal over at least RATE_WINDOW_MS of the portal's clock; counters going back start over. */
  private takeSample(link: PortalMapLink, at: number): void {
    const current = { at, eventsIn: link.eventsIn, eventsOut: link.eventsOut };
    const base = this.samples.get(link.portal);
    if (!base || link.eventsIn < base.eventsIn || link.eventsOut < base.eventsOut || at < base.at) {
      this.samples.set(link.portal, current);
      this.rates.delete(link.portal);
      return;
    }
    const elapsed = at - base.at;
    if (elapsed < RATE_WINDOW_MS) return;
    this.rates.set(link.portal, {
      in: round1(((link.eventsIn - base.eventsIn) * 1000) / elapsed),
      out: round1(((link.eventsOut - base.eventsOut) * 1000) / elapsed),
    });
    this.samples.set(link.portal, current);
  }
}

/** What changed from one view to the next: every node or edge that is new or differs. */
export function diffViews(before: MapView | undefined, after: MapView): MapChange[] {
  const oldNodes = new Map((before?.nodes ?? []).map((n) => [n.id, JSON.stringify(n)]));
  const oldEdges = new Map((before?.edges ?? []).map((e) => [e.id, JSON.stringify(e)]));
  return [
    ...after.nodes
      .filter((n) => oldNodes.get(n.id) !== JSON.stringify(n))
      .map((node) => ({ kind: 'node' as const, node })),
    ...after.edges
      .filter((e) => oldEdges.get(e.id) !== JSON.stringify(e))
      .map((edge) => ({ kind: 'edge' as const, edge })),
  ];
}
