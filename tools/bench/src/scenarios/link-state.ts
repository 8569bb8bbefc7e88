import { connect, type NatsConnection } from '@nats-io/transport-node';
import { PROTOCOL_VERSION, subjects, type NetEvent, type NetOutItem } from '@portalchat/protocol';
import { createLogger, publishEnvelope, subscribeEnvelopes } from '@portalchat/service';

const logger = createLogger('bench-link-state', { level: 'warn' });

/**
 * Stands in for one host's state service on that host's NATS, as its portal sees it: counts what
 * the portal delivers, answers burst requests with prepared chunks, and emits local events. So
 * the link scenario measures the portals alone (state → portal → gRPC → portal → state).
 */
export class LinkStateStandIn {
  users = 0;
  events = 0;
  /** What the next burst request is answered with: one inner array per chunk. */
  burstChunks: NetEvent[][] = [[]];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly serverId: number,
  ) {
    subscribeEnvelopes(nc, subjects.portalIn(serverId), logger, (batch) => {
      for (const item of batch.items) {
        if (item.type !== 'event') continue;
        if (item.event.type === 'user') this.users++;
        else this.events++;
      }
    });
    subscribeEnvelopes(nc, subjects.stateBurst(serverId), logger, (request) => {
      const replyTo = subjects.burstReplyTo(request);
      this.burstChunks.forEach((events, i) => {
        publishEnvelope(nc, replyTo, { v: PROTOCOL_VERSION, events, last: i === this.burstChunks.length - 1 });
      });
    });
  }

  /** Connected and subscribed (flushed), before the portal that needs it starts. */
  static async connect(natsUrl: string, serverId: number): Promise<LinkStateStandIn> {
    const nc = await connect({ servers: natsUrl, name: `bench-link-state-${serverId}` });
    const standIn = new LinkStateStandIn(nc, serverId);
    await nc.flush();
    return standIn;
  }

  emit(items: NetOutItem[]): void {
    publishEnvelope(this.nc, subjects.portalOut(this.serverId), { v: PROTOCOL_VERSION, items });
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}
