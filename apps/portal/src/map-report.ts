import { PROTOCOL_VERSION, type NetServer, type PortalMapLink, type PortalMapReport } from '@portalchat/protocol';
import type { PortalStatus } from './link-status';

export type BurstDirection = NonNullable<PortalMapLink['burst']>;

export interface MapReportInput {
  serverId: number;
  at: number;
  servers: readonly NetServer[];
  pending: readonly number[];
  edges: readonly [number, number][];
  statuses: readonly PortalStatus[];
  /** The burst in progress on a portal's link, if any. */
  burstOf(portal: string): BurstDirection | undefined;
}

/** What the portal tells the gateways for /map (issue 14): its links' statuses and the graph it holds. */
export function buildMapReport(input: MapReportInput): PortalMapReport {
  return {
    v: PROTOCOL_VERSION,
    serverId: input.serverId,
    at: input.at,
    servers: input.servers.map(({ serverId, name, description, hops }) => ({ serverId, name, description, hops })),
    pending: [...input.pending],
    edges: input.edges.map(([a, b]) => [a, b]),
    links: input.statuses.map((s) => {
      const burst = input.burstOf(s.name);
      return {
        portal: s.name,
        peerId: s.serverId,
        state: s.state,
        ...(s.reason !== undefined ? { reason: s.reason } : {}),
        since: s.since,
        ...(s.rttMs !== undefined ? { rttMs: s.rttMs } : {}),
        eventsIn: s.eventsIn,
        eventsOut: s.eventsOut,
        ...(burst ? { burst } : {}),
      };
    }),
  };
}
