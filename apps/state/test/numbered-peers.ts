// Stand-ins for a gateway and a portal that speak the numbered streams (libs/protocol
// sequencing.ts) over real NATS, for the state service's integration specs.
import { randomBytes } from 'node:crypto';
import {
  PROTOCOL_VERSION,
  ReceiveCursor,
  subjects,
  type GatewayEvent,
  type NetInItem,
  type NetOutItem,
  type StateOp,
} from '@portalchat/protocol';
import { createLogger, publishEnvelope, subscribeEnvelopes, type NatsConnection } from '@portalchat/service';

const logger = createLogger('test-peer', { level: 'silent' });

/** A gateway: numbers its events, applies ops in order once each, acknowledges them. */
export class FakeGateway {
  readonly instance = randomBytes(4).toString('hex');
  /** Every line state sent, in order (each op applied once). */
  readonly lines: string[] = [];
  readonly ops: StateOp[] = [];
  private seq = 1;
  private readonly cursor = new ReceiveCursor();
  /** The last event number state acknowledged. */
  acked = 0;
  /** How often state said it does not know this instance (DeliveryBatch.reset). */
  resets = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly sid: number,
    readonly id: string,
  ) {
    subscribeEnvelopes(nc, subjects.gatewayOut(sid, id), logger, (batch) => {
      if (batch.gi !== this.instance) return;
      if (batch.reset) this.resets++;
      this.acked = Math.max(this.acked, batch.ack);
      if (batch.ops.length === 0) return;
      const verdict = this.cursor.offer(batch.first, batch.ops.length);
      if (!verdict.take) return;
      for (const op of batch.ops.slice(verdict.skip)) {
        this.ops.push(op);
        if (op.type === 'send') this.lines.push(...op.line.split('\r\n'));
      }
    });
  }

  /** Publishes events numbered after the last ones; returns the first one's number. */
  /** The number the next batch takes. */
  get nextSeq(): number {
    return this.seq;
  }

  send(events: GatewayEvent[]): number {
    const first = this.seq;
    this.sendNumbered(first, events);
    this.seq += events.length;
    return first;
  }

  /** Publishes events under numbers given by the caller (to send a batch again). */
  sendNumbered(seq: number, events: GatewayEvent[]): void {
    publishEnvelope(this.nc, subjects.stateIn(this.sid, this.id), {
      v: PROTOCOL_VERSION,
      gw: this.id,
      gi: this.instance,
      seq,
      ack: this.cursor.last,
      events,
    });
  }

  /** A heartbeat; `resend` asks for every op after the last one applied. */
  heartbeat(resend = false): void {
    publishEnvelope(this.nc, subjects.stateIn(this.sid, this.id), {
      v: PROTOCOL_VERSION,
      gw: this.id,
      gi: this.instance,
      seq: this.seq,
      ack: this.cursor.last,
      ...(resend ? { resend } : {}),
      events: [],
    });
  }
}

/** A portal: numbers its items, takes state's numbered items once each. */
export class FakePortal {
  readonly instance = randomBytes(4).toString('hex');
  readonly out: NetOutItem[] = [];
  private seq = 1;
  private readonly cursor = new ReceiveCursor();

  constructor(
    private readonly nc: NatsConnection,
    private readonly sid: number,
  ) {
    subscribeEnvelopes(nc, subjects.portalOut(sid), logger, (batch) => {
      if (batch.pi !== this.instance || batch.items.length === 0) return;
      const verdict = this.cursor.offer(batch.first, batch.items.length);
      if (verdict.take) this.out.push(...batch.items.slice(verdict.skip));
    });
  }

  send(items: NetInItem[]): void {
    publishEnvelope(this.nc, subjects.portalIn(this.sid), {
      v: PROTOCOL_VERSION,
      pi: this.instance,
      seq: this.seq,
      ack: this.cursor.last,
      items,
    });
    this.seq += items.length;
  }
}
