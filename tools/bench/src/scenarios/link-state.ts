import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  PROTOCOL_VERSION,
  ReceiveCursor,
  SentLog,
  subjects,
  type NetEvent,
  type NetOutItem,
} from '@portalchat/protocol';
import { createLogger, publishEnvelope, subscribeEnvelopes } from '@portalchat/service';

const logger = createLogger('bench-link-state', { level: 'warn' });

/**
 * Stands in for one host's state service on that host's NATS, as its portal sees it: counts what
 * the portal delivers (each numbered item once, acknowledged as state does), answers burst
 * requests with prepared chunks, and emits numbered local events. So
 * the link scenario measures the portals alone (state → portal → gRPC → portal → state).
 */
export class LinkStateStandIn {
  users = 0;
  events = 0;
  /** What the next burst request is answered with: one inner array per chunk. */
  burstChunks: NetEvent[][] = [[]];
  private portal: { pi: string; taken: ReceiveCursor; sent: SentLog<NetOutItem> } | undefined;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly serverId: number,
  ) {
    subscribeEnvelopes(nc, subjects.portalIn(serverId), logger, (batch) => {
      if (this.portal?.pi !== batch.pi) {
        this.portal = { pi: batch.pi, taken: new ReceiveCursor(batch.seq - 1), sent: new SentLog() };
      }
      this.portal.sent.ack(batch.ack);
      const verdict = this.portal.taken.offer(batch.seq, batch.items.length);
      if (!verdict.take || verdict.skip === batch.items.length) return;
      const { pi, taken } = this.portal;
      publishEnvelope(nc, subjects.portalOut(serverId), {
        v: PROTOCOL_VERSION,
        pi,
        first: 0,
        ack: taken.last,
        items: [],
      });
      for (const item of batch.items.slice(verdict.skip)) {
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

  /** Numbered local events for the portal instance heard from (its first heartbeat comes at its start). */
  emit(items: NetOutItem[]): void {
    if (!this.portal) throw new Error(`no portal has spoken to the stand-in state of server ${this.serverId} yet`);
    const { pi, taken, sent } = this.portal;
    const first = sent.append(items);
    publishEnvelope(this.nc, subjects.portalOut(this.serverId), {
      v: PROTOCOL_VERSION,
      pi,
      first,
      ack: taken.last,
      items,
    });
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}
