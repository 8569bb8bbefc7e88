/**
 * The live network map (issue 14 §2): what the portal and state tell the gateway over NATS, and
 * what the gateway streams to the browser at `/map/events`.
 *
 *   portal ──portalMap: PortalMapReport (once a second and on every link change)──▶ gateway
 *   gateway ──stateCensus: StateCensusRequest──▶ state ──StateCensus──▶ gateway (while a map is open)
 *   gateway ──SSE `snapshot` MapSnapshot, then `delta` MapDelta──▶ browser
 *
 * Everything here comes from the services' own data (the portal's link statuses and link-state
 * graph, state's users and channels), never from LINKS text.
 */
import type { PROTOCOL_VERSION } from './envelopes';

// ── portal → gateway (subject: portalMap) ──────────────────────────────────────

/** One configured portal of the reporting host, as its link status says. */
export interface PortalMapLink {
  /** The portal's name in the host file. */
  portal: string;
  /** The server the portal links to (configured). */
  peerId: number;
  /** `handshake` and `refused` are not up: the map draws them as down. */
  state: 'up' | 'handshake' | 'down' | 'refused';
  /** Why it is not up. */
  reason?: string;
  /** When it entered this state (ms since the epoch). */
  since: number;
  /** The last ping round trip, while up. */
  rttMs?: number;
  /** Events received and sent on the link since the portal started (rates are computed from two reports). */
  eventsIn: number;
  eventsOut: number;
  /** A burst in progress on the link. */
  burst?: 'sending' | 'receiving' | 'both';
}

/** A server the reporting portal reaches. */
export interface PortalMapServer {
  serverId: number;
  name: string;
  description: string;
  hops: number;
}

/** The network as one portal sees it: its own links with their figures, and the link-state graph. */
export interface PortalMapReport {
  v: typeof PROTOCOL_VERSION;
  serverId: number;
  /** When the report was made (the portal's clock, ms). */
  at: number;
  /** Reachable servers, this one first. */
  servers: PortalMapServer[];
  /** Servers no longer reached but held "split pending" within the split grace. */
  pending: number[];
  /** Portal links between reachable servers that both ends confirm (link-state records), `[low, high]`. */
  edges: [number, number][];
  links: PortalMapLink[];
}

// ── gateway → state (subject: stateCensus, request/reply) ──────────────────────

export interface StateCensusRequest {
  v: typeof PROTOCOL_VERSION;
}

/** How many users are on a server, and in how many channels they are. */
export interface ServerCensus {
  serverId: number;
  name: string;
  users: number;
  /** Channels with at least one member on the server. */
  channels: number;
}

/** Every server state holds (remote ones too: state keeps the whole network's users and channels). */
export interface StateCensus {
  v: typeof PROTOCOL_VERSION;
  servers: ServerCensus[];
}

// ── gateway → browser (Server-Sent Events at /map/events) ──────────────────────

/** `pending`: unreachable, within the split grace (its users are kept); `split`: gone from the network. */
export type MapNodeState = 'up' | 'pending' | 'split';

export interface MapNode {
  id: number;
  name: string;
  description: string;
  state: MapNodeState;
  /** The host serving this map. */
  self: boolean;
  /** Unknown (null) until state answered, and for a server state no longer holds. */
  users: number | null;
  channels: number | null;
}

/** `pending-split`: the link is lost and the servers behind it are within the split grace. */
export type MapEdgeState = 'up' | 'pending-split' | 'down';

/**
 * A portal between servers `a` < `b`. Its figures are known only on the two hosts it joins
 * (`portal` is then this host's name for it); elsewhere they are null: remote links' RTT and
 * rates are not propagated through the network.
 */
export interface MapEdge {
  /** `<a>-<b>`. */
  id: string;
  a: number;
  b: number;
  state: MapEdgeState;
  portal: string | null;
  rttMs: number | null;
  /** Events per second from a to b, and from b to a. */
  rateAB: number | null;
  rateBA: number | null;
  burst: boolean;
  /** Why the link is not up, when this host knows. */
  reason: string | null;
}

export interface MapView {
  /** The host serving the map. */
  self: number;
  nodes: MapNode[];
  edges: MapEdge[];
}

/** The first SSE event (`event: snapshot`): the whole map. */
export interface MapSnapshot {
  v: typeof PROTOCOL_VERSION;
  at: number;
  view: MapView;
}

/** A node or an edge is new or changed: it replaces the one with its ID. */
export type MapChange = { kind: 'node'; node: MapNode } | { kind: 'edge'; edge: MapEdge };

/** Every later SSE event (`event: delta`): what changed since the previous event. */
export interface MapDelta {
  v: typeof PROTOCOL_VERSION;
  at: number;
  changes: MapChange[];
}

/** The ID of the edge between two servers, whichever way round they are given. */
export function mapEdgeId(x: number, y: number): string {
  return x < y ? `${x}-${y}` : `${y}-${x}`;
}
