/**
 * The gateway's only NATS adapter: everything that touches the raw client lives here.
 *
 *   publish   subjects.stateIn(sid)              GatewayBatch, one per event-loop turn (split at max_payload)
 *   subscribe subjects.gatewayOut(sid, gwId)     DeliveryBatch, applied in order
 *   subscribe subjects.stateHello(sid)           StateHello: a (new) state instance started
 *   request   subjects.stateInfo(sid)            StateInfoRequest → StateInfo, for readiness
 */
import {
  PROTOCOL_VERSION,
  decodeEnvelope,
  encodeEnvelope,
  encodeEnvelopes,
  subjects,
  type DeliveryBatch,
  type GatewayEvent,
  type StateHello,
  type StateInfo,
  type StateInfoRequest,
  type StateOp,
} from '@portalchat/protocol';
import { TickBatcher, isNatsConnected, maxPayload, type Logger, type NatsConnection } from '@portalchat/service';

export interface StateLinkHandlers {
  /** Deliveries from state, in the order state produced them. */
  onOps(ops: StateOp[]): void;
  /**
   * A state instance other than the last one seen announced itself: it never knew this
   * gateway's clients, so they must go.
   */
  onStateRestarted(instance: string): void;
}

export interface StateLinkOptions {
  nc: NatsConnection;
  serverId: number;
  gatewayId: string;
  /** This gateway process's random instance ID (sent in the hello). */
  instance: string;
  logger: Logger;
  handlers: StateLinkHandlers;
  clock: () => number;
  /** How often readiness asks state for StateInfo (ms). */
  infoPollMs?: number;
  /** An answer older than this makes the gateway not ready (ms). */
  infoMaxAgeMs?: number;
}

const DEFAULT_INFO_POLL_MS = 2000;
const DEFAULT_INFO_MAX_AGE_MS = 5000;

export class StateLink {
  private readonly batcher: TickBatcher<GatewayEvent>;
  private readonly subscriptions: { unsubscribe(): void }[] = [];
  private pollTimer: NodeJS.Timeout | undefined;
  private lastInfoAt: number | undefined;
  private stateInstance: string | undefined;
  private readonly inSubject: string;

  constructor(private readonly opts: StateLinkOptions) {
    this.inSubject = subjects.stateIn(opts.serverId);
    this.batcher = new TickBatcher((events) => this.publish(events));
  }

  /** Subscribes, announces this gateway (the first event state sees from it) and starts polling. */
  start(): void {
    const { nc, serverId, gatewayId, logger } = this.opts;
    this.subscriptions.push(
      nc.subscribe(subjects.gatewayOut(serverId, gatewayId), {
        callback: (err, msg) => {
          if (err) return logger.error({ err }, 'delivery subscription failed');
          const batch = this.decode<DeliveryBatch>(msg.string(), 'DeliveryBatch');
          if (batch) this.opts.handlers.onOps(batch.ops);
        },
      }),
      nc.subscribe(subjects.stateHello(serverId), {
        callback: (err, msg) => {
          if (err) return logger.error({ err }, 'state hello subscription failed');
          const hello = this.decode<StateHello>(msg.string(), 'StateHello');
          if (hello) this.sawStateInstance(hello.instance, true);
        },
      }),
    );
    this.emit({ type: 'hello', instance: this.opts.instance });
    this.pollTimer = setInterval(() => void this.pollInfo(), this.opts.infoPollMs ?? DEFAULT_INFO_POLL_MS);
    this.pollTimer.unref();
    void this.pollInfo();
  }

  /** Queues an event for state; all events of one turn leave in one NATS message, in order. */
  emit(event: GatewayEvent): void {
    this.batcher.add(event);
  }

  /** Ready while NATS is connected and state answered recently. */
  readiness(): { ready: boolean; reason?: string; stateInstance?: string } {
    if (!isNatsConnected(this.opts.nc)) return { ready: false, reason: 'NATS not connected' };
    const age = this.lastInfoAt === undefined ? Infinity : this.opts.clock() - this.lastInfoAt;
    if (age > (this.opts.infoMaxAgeMs ?? DEFAULT_INFO_MAX_AGE_MS)) {
      return { ready: false, reason: 'state service not answering' };
    }
    return { ready: true, stateInstance: this.stateInstance };
  }

  /** Sends what is batched and stops listening (the NATS connection stays open for the caller). */
  async stop(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.batcher.flushNow();
    for (const sub of this.subscriptions.splice(0)) sub.unsubscribe();
    if (!this.opts.nc.isClosed()) await this.opts.nc.flush().catch(() => {});
  }

  private publish(events: GatewayEvent[]): void {
    try {
      for (const payload of encodeEnvelopes({ gw: this.opts.gatewayId }, 'events', events, maxPayload(this.opts.nc))) {
        this.opts.nc.publish(this.inSubject, payload);
      }
    } catch (err) {
      // Closed connection (shutdown): the events are lost with it; state learns via hello later.
      this.opts.logger.error({ err, events: events.length }, 'could not publish to state');
    }
  }

  private async pollInfo(): Promise<void> {
    const { nc, serverId, logger } = this.opts;
    if (nc.isClosed()) return;
    const request: StateInfoRequest = { v: PROTOCOL_VERSION };
    try {
      const reply = await nc.request(subjects.stateInfo(serverId), encodeEnvelope(request), { timeout: 1500 });
      const info = this.decode<StateInfo>(reply.string(), 'StateInfo');
      if (!info) return;
      this.lastInfoAt = this.opts.clock();
      this.sawStateInstance(info.instance, false);
    } catch (err) {
      logger.debug({ err }, 'state info request failed');
    }
  }

  /**
   * A hello from an instance other than the last one seen means state restarted (or started
   * after clients came). An info reply only counts once an instance is known: at the gateway's
   * start there is no earlier instance to compare with.
   */
  private sawStateInstance(instance: string, fromHello: boolean): void {
    const previous = this.stateInstance;
    this.stateInstance = instance;
    if (previous === instance) return;
    if (previous === undefined && !fromHello) return;
    this.opts.logger.warn({ previous, instance }, 'new state instance');
    this.opts.handlers.onStateRestarted(instance);
  }

  private decode<T extends { v: number }>(data: string, what: string): T | undefined {
    try {
      return decodeEnvelope<T>(data);
    } catch (err) {
      this.opts.logger.warn({ err, what }, 'dropped an undecodable envelope');
      return undefined;
    }
  }
}
