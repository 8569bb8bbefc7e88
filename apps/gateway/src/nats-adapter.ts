/**
 * The gateway's only NATS adapter: everything that touches the raw client lives here.
 *
 *   publish   subjects.stateIn(sid, gwId)        GatewayBatch: numbered events, one per event-loop turn
 *                                               (split at max_payload), and a heartbeat once a second
 *   subscribe subjects.gatewayOut(sid, gwId)     DeliveryBatch: numbered ops, applied once each, in order
 *   subscribe subjects.stateHello(sid)           StateHello: a state instance started (recovered or empty)
 *   request   subjects.stateInfo(sid)            StateInfoRequest → StateInfo, for readiness and admission
 *   subscribe subjects.portalMap(sid)            PortalMapReport: the portal's links and graph, for /map
 *   request   subjects.stateCensus(sid)          StateCensusRequest → StateCensus: users and channels per server, for /map
 *
 * The streams are numbered and acknowledged (StreamPair, libs/protocol): events stay kept until state has
 * journaled them and go again after a state restart, a NATS reconnect or a stall, so a client
 * loses nothing while state or NATS is away; past `maxUnacknowledgedEvents` the gateway stops
 * reading from its clients until state catches up.
 *
 * Every NATS callback and timer here catches and logs: an exception escaping one would reach the
 * NATS client's parser or Node's timer loop and take the whole gateway (every client) down.
 */
import { randomBytes } from 'node:crypto';
import {
  PROTOCOL_VERSION,
  StreamPair,
  subjects,
  type DeliveryBatch,
  type GatewayBatch,
  type GatewayEvent,
  type PortalMapReport,
  type StateCensus,
  type StateOp,
  type Subject,
} from '@portalchat/protocol';
import {
  StateInfoPoller,
  StreamToState,
  TickBatcher,
  isNatsConnected,
  onNatsReconnect,
  publishEnvelope,
  publishNumbered,
  requestEnvelope,
  subscribeEnvelopes,
  type Logger,
  type NatsConnection,
} from '@portalchat/service';
import { StateAvailability, type Unavailable } from './state-availability';

export interface GatewayNatsAdapterHandlers {
  /** Deliveries from state, in the order state produced them, each once. */
  onOps(ops: StateOp[]): void;
  /**
   * A state with another history than the one these clients were known to (it started empty):
   * they must go.
   */
  onStateRestarted(instance: string): void;
  /** Too many events wait for state (it is away): stop reading client input, or start again. */
  onBackpressure?(paused: boolean): void;
}

export interface GatewayNatsAdapterOptions {
  nc: NatsConnection;
  serverId: number;
  gatewayId: string;
  logger: Logger;
  handlers: GatewayNatsAdapterHandlers;
  clock: () => number;
  /** How often readiness asks state for StateInfo (ms). */
  infoPollMs?: number;
  /** How long one StateInfo request may take (ms). */
  infoTimeoutMs?: number;
  /** How long after state was last heard new clients are still admitted (ms): config stateAwaySeconds. */
  stateAwayMs: number;
  /** Whether NATS has a server right now (tests pass a fake; default: the connection's status). */
  natsConnected?: () => boolean;
  /** Events kept for state past which client input is paused. */
  maxUnacknowledgedEvents?: number;
  /** How often the heartbeat goes (ms). */
  heartbeatMs?: number;
  /** A new stream instance ID (tests pass a fixed sequence). */
  newInstance?: () => string;
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
// at no real cost.
const DEFAULT_INFO_POLL_MS = 1000;
const DEFAULT_INFO_TIMEOUT_MS = 1000;
// State declares a gateway gone after limits.gatewayLostSeconds of silence; a heartbeat a second
// keeps a gateway with idle clients well inside that.
const DEFAULT_HEARTBEAT_MS = 1000;
// About 2 MB of client lines: 30 s of a thousand chatting clients at the flood rate. Past it the
// clients' own TCP buffers hold their input (they are paused, not dropped).
const DEFAULT_MAX_UNACKNOWLEDGED_EVENTS = 20_000;

export class GatewayNatsAdapter {
  private readonly batcher: TickBatcher<GatewayEvent>;
  private readonly subscriptions: { unsubscribe(): void }[] = [];
  private timers: NodeJS.Timeout[] = [];
  private readonly infoPoller: StateInfoPoller;
  private paused = false;
  private readonly availability: StateAvailability;
  private readonly stream: StreamPair<GatewayEvent, StateOp>;
  private readonly sender: StreamToState<GatewayEvent>;
  private readonly inSubject: Subject<GatewayBatch>;
  private readonly natsConnected: () => boolean;
  private readonly newInstance: () => string;
  private stopReconnectListener: (() => void) | undefined;

  constructor(private readonly opts: GatewayNatsAdapterOptions) {
    this.inSubject = subjects.stateIn(opts.serverId, opts.gatewayId);
    this.batcher = new TickBatcher((events) => this.publish(events), INPUT_PACING);
    this.availability = new StateAvailability(opts.stateAwayMs);
    this.natsConnected = opts.natsConnected ?? (() => isNatsConnected(opts.nc));
    this.newInstance = opts.newInstance ?? (() => randomBytes(6).toString('hex'));
    this.stream = new StreamPair(this.newInstance());
    const { nc, gatewayId } = opts;
    this.infoPoller = new StateInfoPoller({
      nc,
      serverId: opts.serverId,
      logger: opts.logger,
      timeoutMs: opts.infoTimeoutMs ?? DEFAULT_INFO_TIMEOUT_MS,
      connected: this.natsConnected,
      onInfo: (info) => {
        this.availability.heard(this.opts.clock());
        this.sawState(info.instance, info.lineage);
      },
    });
    this.sender = new StreamToState({
      stream: this.stream,
      connected: this.natsConnected,
      logger: opts.logger,
      flushPending: () => this.batcher.flushNow(),
      publishRun: (seq, ack, events) =>
        publishNumbered(
          nc,
          this.inSubject,
          { gw: gatewayId, gi: this.stream.instance, ack },
          'seq',
          seq,
          'events',
          events,
        ),
      publishHeartbeat: (seq, ack, resend) =>
        publishEnvelope(nc, this.inSubject, {
          v: PROTOCOL_VERSION,
          gw: gatewayId,
          gi: this.stream.instance,
          seq,
          ack,
          ...(resend ? { resend } : {}),
          events: [],
        }),
    });
  }

  /**
   * Subscribes, announces this gateway (the first event state sees from it) and starts polling.
   * Resolves once the first StateInfo poll has ended (answered, refused or timed out, so at most
   * infoTimeoutMs): the caller can open its listeners knowing whether state is there.
   */
  async start(): Promise<void> {
    const { nc, serverId, gatewayId, logger } = this.opts;
    this.subscriptions.push(
      subscribeEnvelopes(nc, subjects.gatewayOut(serverId, gatewayId), logger, (batch) => this.onDelivery(batch)),
      subscribeEnvelopes(nc, subjects.stateHello(serverId), logger, (hello) => {
        // A hello is a sign of life too: a state that just started can take clients at once.
        this.availability.heard(this.opts.clock());
        this.sawState(hello.instance, hello.lineage, true);
      }),
    );
    this.stopReconnectListener = onNatsReconnect(nc, () => {
      // Whatever was in flight when NATS went is gone: send again what state has not taken,
      // and ask for what it sent meanwhile.
      logger.info({ unacknowledged: this.stream.unacknowledgedCount }, 'NATS is back: resuming the streams');
      this.sender.resume();
    });
    this.emit({ type: 'hello', instance: this.stream.instance });
    this.timers.push(
      setInterval(() => void this.infoPoller.poll(), this.opts.infoPollMs ?? DEFAULT_INFO_POLL_MS),
      setInterval(() => this.sender.tick(), this.opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS),
    );
    for (const timer of this.timers) timer.unref();
    await this.infoPoller.poll();
  }

  /** Hands every map report of this host's portal to `handler` until stop() (issue 14). */
  onMapReport(handler: (report: PortalMapReport) => void): void {
    const { nc, serverId, logger } = this.opts;
    this.subscriptions.push(subscribeEnvelopes(nc, subjects.portalMap(serverId), logger, handler));
  }

  /** State's users and channels per server; undefined when state does not answer within `timeoutMs`. */
  async requestCensus(timeoutMs: number): Promise<StateCensus | undefined> {
    if (!this.natsConnected()) return undefined;
    const { nc, serverId, logger } = this.opts;
    try {
      return await requestEnvelope(nc, subjects.stateCensus(serverId), { v: PROTOCOL_VERSION }, logger, {
        timeout: timeoutMs,
      });
    } catch {
      return undefined; // no state right now: the map keeps the last counts
    }
  }

  /** Queues an event for state; all events of one turn leave in one NATS message, in order. */
  emit(event: GatewayEvent): void {
    this.batcher.add(event);
  }

  /**
   * Ready while state showed signs of life within stateAwayMs: a state (or NATS) restart is over
   * well before, so clients keep being admitted and their input waits for state. The gateway
   * admits new clients only while ready; cheap enough to ask on every accept.
   */
  readiness(): LinkReadiness {
    const status = this.availability.status(this.opts.clock(), this.natsConnected());
    const stateInstance = this.stream.knownState.instance;
    return status.available ? { ready: true, stateInstance } : { ready: false, reason: status.reason, stateInstance };
  }

  /** Sends what is batched and stops listening (the NATS connection stays open for the caller). */
  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    this.stopReconnectListener?.();
    this.batcher.flushNow();
    for (const sub of this.subscriptions.splice(0)) sub.unsubscribe();
    if (!this.opts.nc.isClosed()) await this.opts.nc.flush().catch(() => {});
  }

  private publish(events: GatewayEvent[]): void {
    this.sender.send(events);
    this.updateBackpressure();
  }

  private onDelivery(batch: DeliveryBatch): void {
    if (batch.reset && batch.gi === this.stream.instance) {
      // State has taken nothing of this instance yet (it started after the hello went out, which
      // was lost): send it all again. Otherwise it forgot this instance's clients.
      if (this.stream.unacknowledged()[0]?.first === 1) this.sender.resume();
      else
        this.startAfresh(
          'state does not know this gateway instance (declared lost)',
          this.stream.knownState.instance ?? '',
        );
      return;
    }
    const { items: ops, gap } = this.stream.receive(batch.gi, batch.first, batch.ack, batch.ops);
    this.updateBackpressure();
    if (gap) {
      this.opts.logger.warn({ first: batch.first }, 'ops from state are missing: asking for them again');
      this.sender.heartbeat(true);
      return;
    }
    if (ops.length > 0) this.opts.handlers.onOps(ops);
  }

  private updateBackpressure(): void {
    const max = this.opts.maxUnacknowledgedEvents ?? DEFAULT_MAX_UNACKNOWLEDGED_EVENTS;
    const waiting = this.stream.unacknowledgedCount;
    const pause = this.paused ? waiting > max / 2 : waiting > max;
    if (pause === this.paused) return;
    this.paused = pause;
    this.opts.logger.warn(
      { waiting },
      pause ? 'state is behind: pausing client input' : 'state caught up: resuming client input',
    );
    try {
      this.opts.handlers.onBackpressure?.(pause);
    } catch (err) {
      this.opts.logger.error({ err }, 'pausing or resuming client input failed');
    }
  }

  /** One StateInfo round trip; never rejects, and never overlaps the previous one. */
  /**
   * State announced itself (hello or info answer). A new instance of the same history recovered
   * everything: the streams resume. A state of another history never knew these clients: they
   * go, and the streams start again under a new instance, with a hello. A hello from the same
   * instance again means its NATS connection came back, maybe after ours: what we sent again on
   * our reconnect may have found nobody listening, so it goes once more.
   */
  private sawState(instance: string, lineage: string, hello = false): void {
    const sighting = this.stream.sawState(instance, lineage);
    if (sighting === 'same') {
      if (hello) this.sender.resume();
      return;
    }
    if (sighting === 'first') {
      // A state that started after this gateway missed what was sent before it listened.
      if (this.stream.unacknowledgedCount > 0) this.sender.resume();
      return;
    }
    const { logger } = this.opts;
    if (sighting === 'resumed') {
      logger.info(
        { instance, unacknowledged: this.stream.unacknowledgedCount },
        'state restarted and recovered: resuming',
      );
      this.sender.resume();
      return;
    }
    this.startAfresh(`state started with another history (${lineage})`, instance);
  }

  /** State does not know these clients: they go, and the streams start again with a hello. */
  private startAfresh(why: string, stateInstance: string): void {
    const { logger } = this.opts;
    logger.warn({ stateInstance }, `${why}: closing every client`);
    this.batcher.flushNow();
    this.stream.restart(this.newInstance());
    this.updateBackpressure();
    try {
      this.opts.handlers.onStateRestarted(stateInstance);
    } catch (err) {
      logger.error({ err }, 'closing clients for a state that does not know them failed');
    }
    this.emit({ type: 'hello', instance: this.stream.instance });
  }
}
