import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  PROTOCOL_VERSION,
  encodeEnvelope,
  subjects,
  type BurstChunk,
  type BurstRequest,
  type NetEvent,
  type NetInBatch,
  type NetOutBatch,
  type NetOutItem,
} from '@portalchat/protocol';

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
    nc.subscribe(subjects.portalIn(serverId), {
      callback: (_err, msg) => {
        for (const item of msg.json<NetInBatch>().items) {
          if (item.type !== 'event') continue;
          if (item.event.type === 'user') this.users++;
          else this.events++;
        }
      },
    });
    nc.subscribe(subjects.stateBurst(serverId), {
      callback: (_err, msg) => {
        const request = msg.json<BurstRequest>();
        this.burstChunks.forEach((events, i) => {
          const chunk: BurstChunk = { v: PROTOCOL_VERSION, events, last: i === this.burstChunks.length - 1 };
          nc.publish(request.replyTo, encodeEnvelope(chunk));
        });
      },
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
    const batch: NetOutBatch = { v: PROTOCOL_VERSION, items };
    this.nc.publish(subjects.portalOut(this.serverId), encodeEnvelope(batch));
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}
