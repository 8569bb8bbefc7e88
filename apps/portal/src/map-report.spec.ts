import { buildMapReport } from './map-report';
import { LinkState, PortalStatuses } from './link-status';

const portalTo = (serverId: number) => ({
  name: `Portal_to_${serverId}`,
  address: '127.0.0.1',
  port: 1,
  serverId,
  uplink: true,
  secret: 's',
  insecure: false,
});

describe('buildMapReport', () => {
  it('#14: reports every configured portal with its figures and the graph the portal holds', () => {
    const statuses = new PortalStatuses([portalTo(11), portalTo(12)], 0);
    statuses.move('Portal_to_12', LinkState.up, 50);
    const up = statuses.get('Portal_to_12');
    if (up) Object.assign(up, { rttMs: 3, eventsIn: 7, eventsOut: 9 });
    statuses.move('Portal_to_11', LinkState.down, 60, 'connection refused');
    const report = buildMapReport({
      serverId: 10,
      at: 1000,
      servers: [
        { serverId: 10, name: 'S10', description: 'ten', hops: 0, uplink: 'S10' },
        { serverId: 12, name: 'S12', description: 'twelve', hops: 1, uplink: 'S10' },
      ],
      pending: [11],
      edges: [[10, 12]],
      statuses: statuses.list(),
      burstOf: (portal) => (portal === 'Portal_to_12' ? 'receiving' : undefined),
    });
    expect(report).toEqual({
      v: 1,
      serverId: 10,
      at: 1000,
      servers: [
        { serverId: 10, name: 'S10', description: 'ten', hops: 0 },
        { serverId: 12, name: 'S12', description: 'twelve', hops: 1 },
      ],
      pending: [11],
      edges: [[10, 12]],
      links: [
        {
          portal: 'Portal_to_11',
          peerId: 11,
          state: 'down',
          reason: 'connection refused',
          since: 0,
          eventsIn: 0,
          eventsOut: 0,
        },
        {
          portal: 'Portal_to_12',
          peerId: 12,
          state: 'up',
          since: 50,
          rttMs: 3,
          eventsIn: 7,
          eventsOut: 9,
          burst: 'receiving',
        },
      ],
    });
  });
});
