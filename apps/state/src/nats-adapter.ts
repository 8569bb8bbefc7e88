import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  encodeBurstChunks,
  subjects,
  PROTOCOL_VERSION,
  type BurstRequest,
  type GatewayBatch,
  type NetInBatch,
  type StateInfo,
} from '@portalchat/protocol';
import {
  maxPayload,
  publishBatch,
  publishEncoded,
  publishEnvelope,
  serveRequests,
  subscribeEnvelopes,
  type Logger,
} from '@portalchat/service';
import type { StateEngine } from './engine/engine';
import { snapshotOf } from './engine/snapshot';
import type { RegisteredChannelPersistence } from './persistence/registered-persistence';

export interface AdapterCounters {
  onBatch(events: number): void;
  onOps(ops: number): void;
  onNetIn(items: number): void;
  onNetOut(items: number): void;
  /** An event or network item whose handling failed with an internal error (logged here). */
  onFault(): void;
  /** A network item skipped for breaking the contract (logged here). */
  onIgnored(): void;
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
  private readonly serverId: number;

  constructor(
    private readonly nc: NatsConnection,
    private readonly engine: StateEngine,
    /** Handed what changed in registered channels after every turn (writes run in the background). */
    private readonly registered: RegisteredChannelPersistence,
    private readonly logger: Logger,
    private readonly counters: AdapterCounters,
  ) {
    this.serverId = engine.config.server.id;
  }

  start(): void {
    this.subscriptions.push(
      subscribeEnvelopes(this.nc, subjects.stateIn(this.serverId), this.logger, (batch) => this.onGatewayBatch(batch)),
      serveRequests(this.nc, subjects.stateInfo(this.serverId), this.logger, (request) =>
        this.info(request?.snapshot === true),
      ),
      subscribeEnvelopes(this.nc, subjects.portalIn(this.serverId), this.logger, (batch) => this.onNetworkBatch(batch)),
      subscribeEnvelopes(this.nc, subjects.stateBurst(this.serverId), this.logger, (request) =>
        this.onBurstRequest(request),
      ),
    );
    publishEnvelope(this.nc, subjects.stateHello(this.serverId), {
      v: PROTOCOL_VERSION,
      instance: this.engine.instance,
    });
  }

  private onGatewayBatch(batch: GatewayBatch): void {
    this.counters.onBatch(batch.events.length);
    this.engine.handleBatch(batch, (err, event) => {
      this.counters.onFault();
      this.logger.error({ err, gateway: batch.gw, event: event.type }, 'internal error while handling an event');
    });
    // Deliveries of everything that arrives in this turn leave together, once per gateway.
    this.flushScheduled ??= setImmediate(() => this.flush());
  }

  private onNetworkBatch(batch: NetInBatch): void {
    this.counters.onNetIn(batch.items.length);
    this.engine.applyNetwork(
      batch,
      (err, item) => {
        this.counters.onFault();
        this.logger.error(
          { err, item: item.type === 'event' ? item.event.type : item.type },
          'internal error while applying a network item',
        );
      },
      (problem) => {
        this.counters.onIgnored();
        this.logger.warn({ problem }, `ignored a network item: ${problem}`);
      },
    );
    this.flushScheduled ??= setImmediate(() => this.flush());
  }

  /**
   * Publishes the whole view to the requester, in order on one subject. Events caused earlier in
   * this turn go out first, so the portal never sends a change after a burst that already holds it
   * (and if it did, applying it again is harmless).
   */
  private onBurstRequest(request: BurstRequest): void {
    this.flush();
    const events = this.engine.burst(request.excludeServers);
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
    this.registered.persist();
    for (const [gateway, ops] of this.engine.out.drain()) {
      this.counters.onOps(ops.length);
      try {
        publishBatch(this.nc, subjects.gatewayOut(this.serverId, gateway), {}, 'ops', ops);
      } catch (err) {
        // Only a closed connection gets here (shutdown); the gateway's clients are lost with it.
        this.logger.error({ err, gateway, ops: ops.length }, 'could not publish deliveries');
      }
    }
    const items = this.engine.network.drain();
    if (items.length === 0) return;
    this.counters.onNetOut(items.length);
    try {
      publishBatch(this.nc, subjects.portalOut(this.serverId), {}, 'items', items);
    } catch (err) {
      this.logger.error({ err, items: items.length }, 'could not publish network events');
    }
  }

  /** The answer to a StateInfoRequest: who this state is, its counts, the debug snapshot if asked. */
  private info(snapshot: boolean): StateInfo {
    const { engine } = this;
    return {
      v: PROTOCOL_VERSION,
      instance: engine.instance,
      serverName: engine.config.server.name,
      serverId: this.serverId,
      users: engine.state.users.size,
      channels: engine.state.channels.size,
      ...(snapshot ? { snapshot: snapshotOf(engine.state) } : {}),
    };
  }

  stop(): Promise<void> {
    this.flush();
    for (const sub of this.subscriptions) sub.unsubscribe();
    this.subscriptions = [];
    return Promise.resolve();
  }
}
