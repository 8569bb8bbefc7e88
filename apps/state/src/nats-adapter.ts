import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  encodeBurstChunks,
  subjects,
  PROTOCOL_VERSION,
  type BurstRequest,
  type GatewayBatch,
  type NetEvent,
  type NetInBatch,
  type NetOutItem,
  type StateInfo,
  type StateOp,
} from '@portalchat/protocol';
import { maxPayload, publishBatch, publishEncoded, publishEnvelope, serveRequests, subscribeEnvelopes, type Logger } from '@portalchat/service';

/** What the adapter needs from the engine side: pure logic in, grouped deliveries out. */
export interface StateCore {
  handleBatch(batch: GatewayBatch): void;
  /** Everything decided since the last call, per gateway ID. */
  drain(): Map<string, StateOp[]>;
  info(snapshot: boolean): StateInfo;
  /** Events and server tables from the portal, applied in order. */
  applyNetwork(batch: NetInBatch): void;
  /** The network events caused since the last call, for the portal. */
  drainNetwork(): NetOutItem[];
  /** The full view for a peer's burst. */
  burst(excludeServers: readonly number[]): NetEvent[];
  /** Hands changed registered channels to the store (writes run in the background). */
  persist?(): void;
}

export interface AdapterCounters {
  onBatch(events: number): void;
  onOps(ops: number): void;
  onNetIn(items: number): void;
  onNetOut(items: number): void;
}

/**
 * The state service's only contact with NATS: gateway batches in, per-gateway delivery batches
 * out (one publish per gateway per event-loop turn), plus the hello and info subjects; and for
 * the portal: network batches in (portalIn), local changes out (portalOut, once per turn like the
 * deliveries), and burst requests answered with chunks on the requester's subject.
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
      subscribeEnvelopes(this.nc, subjects.stateIn(this.serverId), this.logger, (batch) => this.onGatewayBatch(batch)),
      serveRequests(this.nc, subjects.stateInfo(this.serverId), this.logger, (request) => this.core.info(request?.snapshot === true)),
      subscribeEnvelopes(this.nc, subjects.portalIn(this.serverId), this.logger, (batch) => this.onNetworkBatch(batch)),
      subscribeEnvelopes(this.nc, subjects.stateBurst(this.serverId), this.logger, (request) => this.onBurstRequest(request)),
    );
    publishEnvelope(this.nc, subjects.stateHello(this.serverId), { v: PROTOCOL_VERSION, instance: this.instance });
  }

  private onGatewayBatch(batch: GatewayBatch): void {
    this.counters.onBatch(batch.events.length);
    this.core.handleBatch(batch);
    // Deliveries of everything that arrives in this turn leave together, once per gateway.
    this.flushScheduled ??= setImmediate(() => this.flush());
  }

  private onNetworkBatch(batch: NetInBatch): void {
    this.counters.onNetIn(batch.items.length);
    this.core.applyNetwork(batch);
    this.flushScheduled ??= setImmediate(() => this.flush());
  }

  /**
   * Publishes the whole view to the requester, in order on one subject. Events caused earlier in
   * this turn go out first, so the portal never sends a change after a burst that already holds it
   * (and if it did, applying it again is harmless).
   */
  private onBurstRequest(request: BurstRequest): void {
    this.flush();
    const events = this.core.burst(request.excludeServers);
    try {
      publishEncoded(this.nc, subjects.burstReplyTo(request), encodeBurstChunks(events, maxPayload(this.nc)));
      this.logger.info({ events: events.length, exclude: request.excludeServers }, 'burst sent');
    } catch (err) {
      this.logger.error({ err, replyTo: request.replyTo }, 'could not publish a burst');
    }
  }

  flush(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    this.core.persist?.();
    for (const [gateway, ops] of this.core.drain()) {
      this.counters.onOps(ops.length);
      try {
        publishBatch(this.nc, subjects.gatewayOut(this.serverId, gateway), {}, 'ops', ops);
      } catch (err) {
        // Only a closed connection gets here (shutdown); the gateway's clients are lost with it.
        this.logger.error({ err, gateway, ops: ops.length }, 'could not publish deliveries');
      }
    }
    const items = this.core.drainNetwork();
    if (items.length === 0) return;
    this.counters.onNetOut(items.length);
    try {
      publishBatch(this.nc, subjects.portalOut(this.serverId), {}, 'items', items);
    } catch (err) {
      this.logger.error({ err, items: items.length }, 'could not publish network events');
    }
  }

  async stop(): Promise<void> {
    this.flush();
    for (const sub of this.subscriptions) sub.unsubscribe();
    this.subscriptions = [];
  }
}
