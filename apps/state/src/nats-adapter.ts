import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  decodeEnvelope,
  encodeEnvelope,
  encodeEnvelopes,
  subjects,
  EnvelopeError,
  PROTOCOL_VERSION,
  type GatewayBatch,
  type StateHello,
  type StateInfo,
  type StateInfoRequest,
  type StateOp,
} from '@portalchat/protocol';
import { maxPayload, type Logger } from '@portalchat/service';

/** What the adapter needs from the engine side: pure logic in, grouped deliveries out. */
export interface StateCore {
  handleBatch(batch: GatewayBatch): void;
  /** Everything decided since the last call, per gateway ID. */
  drain(): Map<string, StateOp[]>;
  info(snapshot: boolean): StateInfo;
}

export interface AdapterCounters {
  onBatch(events: number): void;
  onOps(ops: number): void;
}

/**
 * The state service's only contact with NATS: gateway batches in, per-gateway delivery batches
 * out (one publish per gateway per event-loop turn), plus the hello and info subjects.
 */
export class StateNatsAdapter {
  private subscriptions: Subscription[] = [];
  private flushScheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly serverId: number,
    private readonly instance: string,
    private readonly core: StateCore,
    private readonly logger: Logger,
    private readonly counters: AdapterCounters,
  ) {}

  start(): void {
    this.subscriptions.push(
      this.nc.subscribe(subjects.stateIn(this.serverId), {
        callback: (err, msg) => {
          if (err) {
            this.logger.error({ err }, 'state.in subscription failed');
            return;
          }
          this.onGatewayBatch(msg.string());
        },
      }),
      this.nc.subscribe(subjects.stateInfo(this.serverId), {
        callback: (err, msg) => {
          if (err) return;
          let request: StateInfoRequest;
          try {
            request = decodeEnvelope<StateInfoRequest>(msg.string());
          } catch {
            request = { v: PROTOCOL_VERSION };
          }
          msg.respond(encodeEnvelope(this.core.info(request.snapshot === true)));
        },
      }),
    );
    const hello: StateHello = { v: PROTOCOL_VERSION, instance: this.instance };
    this.nc.publish(subjects.stateHello(this.serverId), encodeEnvelope(hello));
  }

  private onGatewayBatch(data: string): void {
    let batch: GatewayBatch;
    try {
      batch = decodeEnvelope<GatewayBatch>(data);
    } catch (err) {
      if (!(err instanceof EnvelopeError)) throw err;
      this.logger.warn({ err: err.message }, 'dropped an unreadable gateway batch');
      return;
    }
    this.counters.onBatch(batch.events.length);
    this.core.handleBatch(batch);
    // Deliveries of everything that arrives in this turn leave together, once per gateway.
    this.flushScheduled ??= setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    const limit = maxPayload(this.nc);
    for (const [gateway, ops] of this.core.drain()) {
      this.counters.onOps(ops.length);
      const subject = subjects.gatewayOut(this.serverId, gateway);
      try {
        for (const payload of encodeEnvelopes({}, 'ops', ops, limit)) this.nc.publish(subject, payload);
      } catch (err) {
        // Only a closed connection gets here (shutdown); the gateway's clients are lost with it.
        this.logger.error({ err, gateway, ops: ops.length }, 'could not publish deliveries');
      }
    }
  }

  async stop(): Promise<void> {
    this.flush();
    for (const sub of this.subscriptions) sub.unsubscribe();
    this.subscriptions = [];
  }
}
