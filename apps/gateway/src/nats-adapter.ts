/**
 * The gateway's only NATS adapter: everything that touches the raw client lives here.
 *
 *   publish   subjects.stateIn(sid)              GatewayBatch, one per event-loop turn (split at max_payload)
 *   subscribe subjects.gatewayOut(sid, gwId)     DeliveryBatch, applied in order
 *   subscribe subjects.stateHello(sid)           StateHello: a (new) state instance started
 *   request   subjects.stateInfo(sid)            StateInfoRequest → StateInfo, for readiness and admission
 *
 * Every NATS callback and timer here catches and logs: an exception escaping one would reach the
 * NATS client's parser or Node's timer loop and take the whole gateway (every client) down.
 */
import {
  PROTOCOL_VERSION,
  subjects,
  type GatewayBatch,
  type GatewayEvent,
  type StateOp,
  type Subject,
} from '@portalchat/protocol';
import {
  TickBatcher,
  isNatsConnected,
  publishBatch,
  requestEnvelope,
  subscribeEnvelopes,
  type Logger,
  type NatsConnection,
} from '@portalchat/service';
import { StateAvailability, type Unavailable } from './state-availability';

export interface GatewayNatsAdapterHandlers {
  /** Deliveries from state, in the order state produced them. */
  onOps(ops: StateOp[]): void;
  /**
   * A state instance other than the last one seen announced itself: it never knew this
   * gateway's clients, so they must go.
   */
  onStateRestarted(instance: string): void;
}

export interface GatewayNatsAdapterOptions {
  nc: NatsConnection;
  serverId: number;
  gatewayId: string;
  /** This gateway process's random instance ID (sent in the hello). */
  instance: string;
  logger: Logger;
  handlers: GatewayNatsAdapterHandlers;
  clock: () => number;
  /** How often readiness asks state for StateInfo (ms). */
  infoPollMs?: number;
  /** How long one StateInfo request may take (ms). */
  infoTimeoutMs?: number;
  /** An answer older than this makes the gateway not ready (ms). */
  infoMaxAgeMs?: number;
  /** Whether NATS has a server right now (tests pass a fake; default: the connection's status). */
  natsConnected?: () => boolean;
  /** Client line bytes kept for state while NATS is down; later lines are dropped. */
  offlineLineBudgetBytes?: number;
}

export type LinkReadiness =
  | { ready: true; stateInstance: string | undefined }
  | { ready: false; reason: Unavailable; stateInstance: string | undefined };

/**
 * Pacing of the publishes to state (see TickBatcher). In a registration storm one publish per
 * event-loop turn means thousands of tiny publishes a second, each a socket write; pacing lets
 * them grow into batches, and the storm registers much sooner. A chat fan-out's batches start
 * further apart than `busyBelowMs`, so they are never held. A gap that is always on would be as
 * fast for the storm but would delay every message. The figures are in docs/benchmarks.md
 * ("Changes, measured before and after": the gateway's publish pacing).
 */
const INPUT_PACING = Object.freeze({ busyBelowMs: 1, minGapMs: 1 });

// A StateInfo round trip costs state a few microseconds; once a second keeps admission current
// (state dying is noticed within a second through "no responders") at no real cost.
const DEFAULT_INFO_POLL_MS = 1000;
const DEFAULT_INFO_TIMEOUT_MS = 1000;
// Several missed polls in a row: a state that is merely busy for a moment is not declared gone.
const DEFAULT_INFO_MAX_AGE_MS = 5000;
// nats.js buffers publishes in memory without limit while it reconnects. Clients stay connected
// through a NATS outage and keep typing, so their lines are capped (nats.go's ReconnectBufSize
// default is 8 MiB): a long outage costs at most this much, and state is not flooded with
// minutes-old commands when NATS returns. open/closed events always pass: new clients are
// refused while NATS is down, so there is at most one 'closed' per existing client.
const DEFAULT_OFFLINE_LINE_BUDGET_BYTES = 4 * 1024 * 1024;

export class GatewayNatsAdapter {
  private readonly batcher: TickBatcher<GatewayEvent>;
  private readonly subscriptions: { unsubscribe(): void }[] = [];
  private pollTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private readonly availability: StateAvailability;
  private stateInstance: string | undefined;
  private readonly inSubject: Subject<GatewayBatch>;
  private readonly natsConnected: () => boolean;
  private offlineLineBytes = 0;
  private droppedOfflineLines = 0;

  constructor(private readonly opts: GatewayNatsAdapterOptions) {
    this.inSubject = subjects.stateIn(opts.serverId);
    this.batcher = new TickBatcher((events) => this.publish(events), INPUT_PACING);
    this.availability = new StateAvailability(opts.infoMaxAgeMs ?? DEFAULT_INFO_MAX_AGE_MS);
    this.natsConnected = opts.natsConnected ?? (() => isNatsConnected(opts.nc));
  }

  /**
   * Subscribes, announces this gateway (the first event state sees from it) and starts polling.
   * Resolves once the first StateInfo poll has ended (answered, refused or timed out, so at most
   * infoTimeoutMs): the caller can open its listeners knowing whether state is there.
   */
  async start(): Promise<void> {
    const { nc, serverId, gatewayId, logger } = this.opts;
    this.subscriptions.push(
      subscribeEnvelopes(nc, subjects.gatewayOut(serverId, gatewayId), logger, (batch) =>
        this.opts.handlers.onOps(batch.ops),
      ),
      subscribeEnvelopes(nc, subjects.stateHello(serverId), logger, (hello) => {
        // A hello is a sign of life too: a state that just started can take clients at once.
        this.availability.heard(this.opts.clock());
        this.sawStateInstance(hello.instance, true);
      }),
    );
    this.emit({ type: 'hello', instance: this.opts.instance });
    this.pollTimer = setInterval(() => void this.pollInfo(), this.opts.infoPollMs ?? DEFAULT_INFO_POLL_MS);
    this.pollTimer.unref();
    await this.pollInfo();
  }

  /**
   * Queues an event for state; all events of one turn leave in one NATS message, in order. While
   * NATS is down, client lines past the offline budget are dropped (see the budget's comment).
   */
  emit(event: GatewayEvent): void {
    if (event.type === 'line' && !this.withinOfflineBudget(event.line)) return;
    this.batcher.add(event);
  }

  private withinOfflineBudget(line: string): boolean {
    if (this.natsConnected()) {
      if (this.droppedOfflineLines > 0) {
        this.opts.logger.warn({ dropped: this.droppedOfflineLines }, 'client lines were dropped while NATS was down');
      }
      this.offlineLineBytes = 0;
      this.droppedOfflineLines = 0;
      return true;
    }
    if (this.offlineLineBytes >= (this.opts.offlineLineBudgetBytes ?? DEFAULT_OFFLINE_LINE_BUDGET_BYTES)) {
      if (this.droppedOfflineLines++ === 0) this.opts.logger.warn('NATS down too long: dropping client lines');
      return false;
    }
    this.offlineLineBytes += line.length;
    return true;
  }

  /**
   * Ready while NATS is connected and state showed signs of life recently. The gateway admits new
   * clients only while ready; cheap enough to ask on every accept.
   */
  readiness(): LinkReadiness {
    const status = this.availability.status(this.opts.clock(), this.natsConnected());
    const stateInstance = this.stateInstance;
    return status.available ? { ready: true, stateInstance } : { ready: false, reason: status.reason, stateInstance };
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
      publishBatch(this.opts.nc, this.inSubject, { gw: this.opts.gatewayId }, 'events', events);
    } catch (err) {
      // Closed connection (shutdown): the events are lost with it; state learns via hello later.
      this.opts.logger.error({ err, events: events.length }, 'could not publish to state');
    }
  }

  /** One StateInfo round trip; never rejects, and never overlaps the previous one. */
  private async pollInfo(): Promise<void> {
    const { nc, serverId, logger } = this.opts;
    if (nc.isClosed() || this.polling) return;
    this.polling = true;
    try {
      const timeout = this.opts.infoTimeoutMs ?? DEFAULT_INFO_TIMEOUT_MS;
      const info = await requestEnvelope(nc, subjects.stateInfo(serverId), { v: PROTOCOL_VERSION }, logger, {
        timeout,
      });
      if (!info) return;
      this.availability.heard(this.opts.clock());
      this.sawStateInstance(info.instance, false);
    } catch (err) {
      if (isNoResponders(err)) {
        if (this.readiness().ready) logger.warn('state service gone (no responders); refusing new clients');
        this.availability.lost();
      } else {
        logger.debug({ err }, 'state info request failed');
      }
    } finally {
      this.polling = false;
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
    try {
      this.opts.handlers.onStateRestarted(instance);
    } catch (err) {
      this.opts.logger.error({ err }, 'closing clients for a new state instance failed');
    }
  }
}

/** NATS answered a request with "no responders": nobody subscribes to the subject. */
function isNoResponders(err: unknown): boolean {
  const check = (err as { isNoResponders?: unknown } | null)?.isNoResponders;
  return typeof check === 'function' && (check as () => boolean).call(err) === true;
}
