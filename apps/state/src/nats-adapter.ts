import { randomBytes } from 'node:crypto';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { ScramKeys } from '@portalchat/config';
import {
  adminActionProblems,
  adminCommandLine,
  encodeBurstChunks,
  gatewayOfStateIn,
  subjects,
  PROTOCOL_VERSION,
  type AdminStateReply,
  type AdminStateRequest,
  type BurstRequest,
  type GatewayBatch,
  type NetInBatch,
  type StateInfo,
} from '@portalchat/protocol';
import {
  maxPayload,
  onNatsReconnect,
  publishEncoded,
  publishNumbered,
  publishEnvelope,
  requestEnvelope,
  serveRequests,
  subscribeEnvelopes,
  type Logger,
} from '@portalchat/service';
import type { AuthFailureReport, Verdict, VerifyRequest } from './engine/auth';
import { snapshotOf } from './engine/snapshot';
import { censusOf } from './census';
import { adminChannels, adminUsers } from './engine/admin-command';
import type { HistoryRecord } from './engine/history/history-index';
import type { RegisteredChannelPersistence } from './persistence/registered-persistence';
import type { HistoryStore } from './recovery/history-store';
import { HistoryGate, batchReadsHistory } from './history-gate';
import { PeerMarks } from './peer-marks';
import { frameRecord } from './recovery/journal-format';
import { snapshotBytes } from './recovery/recover';
import { snapshotDueAtTick } from './recovery/snapshot-policy';
import type {
  Admission,
  GatewayDelivery,
  InputRecord,
  PortalDelivery,
  SequencedState,
} from './recovery/sequenced-state';

export interface AdapterCounters {
  onBatch(events: number): void;
  onOps(ops: number): void;
  onNetIn(items: number): void;
  onNetOut(items: number): void;
  /** An event or network item whose handling failed with an internal error (logged here). */
  onFault(): void;
  /** A network item skipped for breaking the contract (logged here). */
  onIgnored(): void;
  /**
   * A batch not taken: seen before (`duplicate`), past a hole (`gap`, sent again later), or naming
   * another gateway than the subject it came on (`impostor`).
   */
  onSkipped(why: 'duplicate' | 'gap' | 'impostor'): void;
  /** Outputs sent again to a gateway or the portal that asked, or went quiet with some unacknowledged. */
  onResent(peer: 'gateway' | 'portal'): void;
  /** A gateway silent past the grace: its users quit. */
  onGatewayLost(): void;
  /** A snapshot was written: its size and how long state was paused for it. */
  onSnapshot(bytes: number, ms: number): void;
  /** A password attempt failed, or was refused unchecked by the back-off (logged here). */
  onAuthFailure(report: AuthFailureReport): void;
  /**
   * A gateway batch's outputs left: seconds from its arrival to the publish of its turn's
   * deliveries (handling and the journal write included; the NATS hops either side are not).
   */
  onInputLatency(seconds: number): void;
}

export interface StateNatsAdapterOptions {
  nc: NatsConnection;
  sequenced: SequencedState;
  history: HistoryStore;
  /** The history this state carries on (StateHello) and the generation to save next. */
  lineage: string;
  nextGeneration: number;
  /**
   * The journal a recovered state carries on writing (Recovery.continueJournal); its snapshot is
   * then saved once the peers have caught up, instead of before it serves.
   */
  continueJournal?: number;
  /** This process's random ID (StateHello, StateInfo). */
  instance: string;
  /** Handed what changed in registered channels after every turn (writes run in the background). */
  registered: RegisteredChannelPersistence;
  logger: Logger;
  /** Where new history entries and redactions go after each turn (the host's JetStream stream). */
  historyStream?: { append(records: readonly HistoryRecord[]): void };
  counters: AdapterCounters;
  clock: () => number;
  /** Silence after which a gateway is declared gone (ms). */
  gatewayLostMs: number;
  /** A snapshot is taken this often when anything changed (ms): it bounds the replay after a crash. */
  snapshotEveryMs?: number;
  /**
   * …and sooner once handling the records journaled since the last one took this long (ms): a
   * replay costs about what the live handling did, so this bounds the replay's time.
   */
  snapshotEveryHandlingMs?: number;
  /**
   * Checks a password off the event loop (scrypt on libuv's pool, rationed: password-checker.ts);
   * its verdict comes back as a journaled input.
   */
  checkPassword: (candidate: string, passwordHash: string) => Promise<boolean>;
  /** Derives a new account's SCRAM keys off the event loop (REGISTER), rationed like the checks. */
  deriveKeys: (password: string, salt: string, iterations: number) => Promise<ScramKeys>;
}

// A replay costs about what handling the records cost live: a registration storm of 5,000
// clients is seconds of work, a minute of chat a fraction of that. Snapshotting once a second of
// handling has piled up (and every 30 s anyway) keeps a restart's replay near a second; a
// snapshot of 5,000 users costs a pause of about 30 ms (serialising; the file is written in the
// background), about 3 % of state's time when it is saturated and nothing when it is idle.
// The tick also takes one when state goes idle after a storm, and once a second while it is
// busy: steady chat never reaches a second of handling (recovery/snapshot-policy.ts).
// Figures: README, "Restarts with nothing lost".
const DEFAULT_SNAPSHOT_EVERY_MS = 30_000;
const DEFAULT_SNAPSHOT_EVERY_HANDLING_MS = 1000;
const TICK_MS = 1000;
/** A reload reads and checks the file, then waits for every service to take it: seconds at most. */
const RELOAD_TIMEOUT_MS = 15_000;

/** An error numeric (4xx, 9xx of IRCX) in a reply line: the admin command was refused. */
function isErrorReply(line: string): boolean {
  return / (4\d\d|9\d\d) /.test(line.split(' ').slice(0, 3).join(' ') + ' ');
}
/**
 * Handling time after which a turn's outputs leave at once instead of at its end. A turn is
 * everything NATS hands over in one read: after a restart that is the peers' whole backlog, and
 * the first clients would wait for the last input to be handled. Smaller flushes cost one more
 * publish per gateway each, which at this size is noise.
 */
const FLUSH_AFTER_HANDLING_MS = 10;
/**
 * How long a recovered state that carries on its journal waits before saving a snapshot: its
 * first seconds are the peers' backlog, which a snapshot's serialising would only delay. A crash
 * meanwhile replays that journal again, which is as correct and costs about as much.
 */
const RECOVERED_SNAPSHOT_DELAY_MS = 2000;

/**
 * The state service's only contact with NATS. Gateway batches and portal batches come in as
 * numbered streams (libs/protocol sequencing.ts): what is new is journaled and applied; deliveries
 * (one publish per gateway per event-loop turn) and network changes go out numbered, after the
 * journal write of the inputs that caused them, and are kept until acknowledged. The hello and
 * info subjects tell the peers which history this instance carries on; burst requests are answered
 * with chunks on the requester's subject.
 *
 * The once-a-second tick syncs the journal to disk, declares silent gateways gone (as a journaled
 * input, so a replay makes the same decision) and takes the periodic snapshot.
 */
export class StateNatsAdapter {
  private subscriptions: Subscription[] = [];
  private flushScheduled: NodeJS.Immediate | undefined;
  private tick: NodeJS.Timeout | undefined;
  private stopReconnectListener: (() => void) | undefined;
  private readonly serverId: number;
  private generation: number;
  private lastSnapshotAt: number;
  private recordsSinceSnapshot = 0;
  /** Time spent applying the records journaled since the last snapshot (what a replay would cost). */
  private handlingMsSinceSnapshot = 0;
  /** …and since the last flush (see FLUSH_AFTER_HANDLING_MS), and since the last tick. */
  private handlingMsSinceFlush = 0;
  private handlingMsThisTick = 0;
  /** The snapshot file being written, if one is (the next waits for it). */
  private snapshotWrite: Promise<void> | undefined;
  private snapshotScheduled: NodeJS.Immediate | undefined;
  /** When each gateway was last heard from (any batch, heartbeats included). */
  private readonly lastHeard = new Map<string, number>();
  /** The ack of each peer's previous heartbeat: one that does not move while outputs wait is a stall. */
  private readonly heartbeatAcks = new PeerMarks();
  /** Peers whose outputs go out again from their ack at the next flush, instead of only the new ones. */
  private readonly resendGateways = new Map<string, { gi: string; from: number }>();
  private resendPortal: { pi: string; from: number } | undefined;
  /** When each gateway batch taken this turn arrived (performance.now()), for onInputLatency at the flush. */
  private readonly takenAt: number[] = [];
  /** The portal instance last heard from (any batch), and when: a new one within the grace takes over its backlog. */
  private portalHeard: { pi: string; at: number } | undefined;
  /** The last ack sent to each gateway and to the portal: a heartbeat gets an answer when it moved. */
  private readonly ackSent = new PeerMarks();
  /** Set by stop(): a verdict arriving later is not journaled (the next start answers the check). */
  private stopped = false;
  /** Inputs that read the history index wait here while the history stream loads. */
  private readonly historyGate = new HistoryGate();
  /** A snapshot was due while the history loaded: it is taken once the load is done. */
  private snapshotDeferred = false;

  constructor(private readonly opts: StateNatsAdapterOptions) {
    this.serverId = opts.sequenced.engine.config.server.id;
    this.generation = opts.nextGeneration;
    this.lastSnapshotAt = opts.clock();
  }

  private get engine() {
    return this.opts.sequenced.engine;
  }

  /**
   * Saves the recovered state as a new generation (or carries on its journal), subscribes and
   * announces the instance.
   */
  start(): void {
    const { nc, logger, lineage, instance, continueJournal } = this.opts;
    if (continueJournal === undefined) this.snapshot();
    else {
      this.opts.history.rotate(continueJournal);
      setTimeout(() => this.snapshotSoon(), RECOVERED_SNAPSHOT_DELAY_MS).unref();
    }
    const now = this.opts.clock();
    // A history without a seed for its nonces and salts (a first start) gets one, journaled.
    if (this.opts.sequenced.engine.state.entropySeed === undefined) {
      this.take({ take: { k: 'seed', t: now, seed: randomBytes(32).toString('base64') } }, '', 0);
    }
    // Every gateway of the history gets the full grace from now, not from before the restart.
    for (const gw of this.opts.sequenced.gatewayIds()) this.lastHeard.set(gw, now);
    this.subscriptions.push(
      subscribeEnvelopes(nc, subjects.stateInAll(this.serverId), logger, (batch, raw, subject) =>
        this.onGatewayBatch(batch, raw, subject),
      ),
      serveRequests(nc, subjects.stateInfo(this.serverId), logger, (request) => this.info(request?.snapshot === true)),
      // The network map's counts (issue 14): read only, so neither journaled nor sequenced.
      serveRequests(nc, subjects.stateCensus(this.serverId), logger, () => censusOf(this.engine.state)),
      subscribeEnvelopes(nc, subjects.portalIn(this.serverId), logger, (batch, raw) => this.onNetworkBatch(batch, raw)),
      subscribeEnvelopes(nc, subjects.stateBurst(this.serverId), logger, (request) => this.onBurstRequest(request)),
      serveRequests(nc, subjects.adminState(this.serverId), logger, (request) => this.onAdminRequest(request)),
    );
    // REHASHes journaled before a restart were carried out then (or lost with it): a replay's are not redone.
    this.engine.reloadRequests.length = 0;
    // After a recovery the peers learn from the hello that this instance carries on their
    // streams: they send again what was not acknowledged, and ask for what they missed.
    const hello = () =>
      publishEnvelope(nc, subjects.stateHello(this.serverId), { v: PROTOCOL_VERSION, instance, lineage });
    hello();
    // After a NATS restart, the same hello: a peer back before this state's subscriptions were
    // sent its backlog into the void, and would otherwise wait for its stall check (1-2 s).
    this.stopReconnectListener = onNatsReconnect(nc, () => {
      try {
        hello();
      } catch (err) {
        logger.error({ err }, 'could not announce this state after a NATS reconnect');
      }
    });
    this.tick = setInterval(() => this.onTick(), TICK_MS);
    this.tick.unref();
  }

  /**
   * Called before start() when the history stream will load in the background: until
   * historyLoaded(), inputs that read the index wait (history-gate.ts), and so does the snapshot
   * (the records the load has not sent to the stream yet are only in the journal it would end).
   */
  holdHistoryReaders(): void {
    this.historyGate.close();
  }

  /** The history stream is loaded (or could not be): the inputs that waited are taken, in order. */
  historyLoaded(): void {
    if (this.stopped) return;
    const waited = this.historyGate.waiting;
    this.historyGate.open();
    if (waited > 0) this.opts.logger.info({ inputs: waited }, 'inputs that waited for the history taken');
    if (this.snapshotDeferred) {
      this.snapshotDeferred = false;
      this.snapshotSoon();
    }
  }

  private onGatewayBatch(batch: GatewayBatch, raw: string, subject: string): void {
    // NATS lets each gateway publish on its own input subject only; the batch must say the same.
    if (gatewayOfStateIn(subject) !== batch.gw) {
      this.counters.onSkipped('impostor');
      this.opts.logger.warn({ subject, gateway: batch.gw }, 'dropped a batch naming another gateway than its subject');
      return;
    }
    const now = this.opts.clock();
    this.lastHeard.set(batch.gw, now);
    if (
      this.historyGate.active &&
      this.historyGate.hold(() => this.onGatewayBatch(batch, raw, subject), batchReadsHistory(batch.events))
    ) {
      return;
    }
    const admission = this.opts.sequenced.admitGateway(batch, now);
    if ('take' in admission) {
      this.takenAt.push(performance.now());
      this.counters.onBatch(batch.events.length);
      this.take(admission, raw, batch.events.length);
    } else if (admission.skip === 'heartbeat' && !this.opts.sequenced.knowsGateway(batch.gw, batch.gi)) {
      this.resetGateway(batch.gw, batch.gi);
    } else if (admission.skip === 'heartbeat') {
      this.opts.sequenced.acknowledgeGateway(batch.gw, batch.gi, batch.ack);
      this.answerWithAck(batch);
      const waiting = () => (this.opts.sequenced.gatewayBacklog(batch.gw, batch.gi, batch.ack)?.runs.length ?? 0) > 0;
      if (this.stalled(`gw:${batch.gw}`, batch.gi, batch.ack, waiting)) {
        this.resendGateways.set(batch.gw, { gi: batch.gi, from: batch.ack });
      }
    } else {
      this.counters.onSkipped(admission.skip);
      if (!this.opts.sequenced.knowsGateway(batch.gw, batch.gi)) this.resetGateway(batch.gw, batch.gi);
      // Sent again: the gateway missed the ack.
      else if (admission.skip === 'duplicate') this.answerWithAck(batch, true);
    }
    if (batch.resend) this.resendGateways.set(batch.gw, { gi: batch.gi, from: batch.ack });
    this.scheduleFlush();
  }

  private onNetworkBatch(batch: NetInBatch, raw: string): void {
    // The portal's items never read the index; they wait only behind an input that does.
    if (this.historyGate.active && this.historyGate.hold(() => this.onNetworkBatch(batch, raw), false)) return;
    const now = this.opts.clock();
    const { sequenced } = this.opts;
    const fresh = sequenced.portalInstance !== batch.pi;
    const admission = sequenced.admitPortal(batch, now, fresh && this.portalHeardWithinGrace(now));
    this.portalHeard = { pi: batch.pi, at: now };
    if ('take' in admission) {
      this.counters.onNetIn(batch.items.length);
      this.take(admission, raw, batch.items.length);
      if (admission.take.k === 'net' && admission.take.carry !== undefined) {
        this.opts.logger.info(
          { pi: batch.pi, items: admission.take.carry },
          'a new portal instance takes over what the previous one had not acknowledged',
        );
        this.resendPortal = { pi: batch.pi, from: 0 };
      }
    } else if (admission.skip === 'heartbeat') {
      this.opts.sequenced.acknowledgePortal(batch.pi, batch.ack);
      const ack = this.opts.sequenced.portalAckOf(batch.pi) ?? 0;
      if (ack > (this.ackSent.get('portal', batch.pi) ?? 0)) this.publishNetwork({ pi: batch.pi, ack, runs: [] });
      const waiting = () => (this.opts.sequenced.portalBacklog(batch.pi, batch.ack)?.runs.length ?? 0) > 0;
      if (this.stalled('portal', batch.pi, batch.ack, waiting)) this.resendPortal = { pi: batch.pi, from: batch.ack };
    } else {
      this.counters.onSkipped(admission.skip);
      const ack = this.opts.sequenced.portalAckOf(batch.pi);
      if (admission.skip === 'duplicate' && ack !== undefined) this.publishNetwork({ pi: batch.pi, ack, runs: [] });
    }
    if (batch.resend) this.resendPortal = { pi: batch.pi, from: batch.ack };
    this.scheduleFlush();
  }

  /**
   * Whether the portal instance last heard from was heard within its split grace: the peers still
   * hold this server as split pending, so what it had not sent is still worth sending. (After a
   * state restart nobody was heard yet: nothing is carried over.)
   */
  private portalHeardWithinGrace(now: number): boolean {
    const heard = this.portalHeard;
    return heard !== undefined && now - heard.at <= this.engine.config.portal.splitGraceMs;
  }

  /**
   * Journals a record and applies it. A batch taken whole is journaled as it came (the record's
   * fields spliced in front of the envelope's JSON), so the hot path does not encode it again.
   */
  private take(admission: Extract<Admission, { take: InputRecord }>, raw: string, arrived: number): void {
    const record = admission.take;
    const taken = record.k === 'gw' ? record.events.length : record.k === 'net' ? record.items.length : 0;
    // A record with fields of its own (a carried-over backlog) is written whole.
    const whole = taken === arrived && taken > 0 && !(record.k === 'net' && record.carry !== undefined);
    const json = whole ? `{"k":"${record.k}","t":${record.t},${raw.slice(1)}` : JSON.stringify(record);
    this.opts.history.append(frameRecord(json));
    this.recordsSinceSnapshot++;
    const started = performance.now();
    this.opts.sequenced.apply(
      record,
      (err, what) => this.fault(err, what),
      (problem) => this.ignored(problem),
    );
    const handlingMs = performance.now() - started;
    this.handlingMsSinceSnapshot += handlingMs;
    this.handlingMsSinceFlush += handlingMs;
    this.handlingMsThisTick += handlingMs;
    // Checked here, not only on the tick: a storm can pile up seconds of work within one.
    if (this.handlingMsSinceSnapshot >= (this.opts.snapshotEveryHandlingMs ?? DEFAULT_SNAPSHOT_EVERY_HANDLING_MS)) {
      this.snapshotSoon();
    }
  }

  /**
   * A peer's heartbeat whose ack has not moved since its previous one while outputs wait for it:
   * they were lost (a NATS restart) or it missed the hello; send them again.
   */
  private stalled(peer: string, instance: string, ack: number, waiting: () => boolean): boolean {
    const previous = this.heartbeatAcks.get(peer, instance);
    this.heartbeatAcks.set(peer, instance, ack);
    return previous === ack && waiting();
  }

  /**
   * Publishes the whole view to the requester, in order on one subject. Events caused earlier in
   * this turn go out first, so the portal never sends a change after a burst that already holds it
   * (and if it did, applying it again is harmless).
   */
  private onBurstRequest(request: BurstRequest): void {
    // A burst carries history: not a partial one.
    if (this.historyGate.active && this.historyGate.hold(() => this.onBurstRequest(request), true)) return;
    this.flush();
    const events = this.engine.burst(request.excludeServers);
    try {
      publishEncoded(this.opts.nc, subjects.burstReplyTo(request), encodeBurstChunks(events, maxPayload(this.opts.nc)));
      this.opts.logger.info({ events: events.length, exclude: request.excludeServers }, 'burst sent');
    } catch (err) {
      this.opts.logger.error({ err, replyTo: request.replyTo }, 'could not publish a burst');
    }
  }

  /**
   * An empty delivery with the ack, to a gateway whose input produced no output for it since the
   * ack it last got (answering its heartbeat), or that sent something again (`always`).
   */
  private answerWithAck(batch: GatewayBatch, always = false): void {
    const ack = this.opts.sequenced.gatewayAckOf(batch.gw, batch.gi);
    if (ack === undefined) return;
    if (always || ack > (this.ackSent.get(`gw:${batch.gw}`, batch.gi) ?? 0)) {
      this.publishDelivery({ gw: batch.gw, gi: batch.gi, ack, runs: [] });
    }
  }

  /**
   * A gateway instance that is not at its first event and that this history does not know (it
   * was declared lost while paused): tell it to start again, or it would send its events forever.
   */
  private resetGateway(gw: string, gi: string): void {
    this.opts.logger.warn(
      { gateway: gw, instance: gi },
      'events from a gateway instance state does not know: resetting it',
    );
    try {
      publishEnvelope(this.opts.nc, subjects.gatewayOut(this.serverId, gw), {
        v: PROTOCOL_VERSION,
        gi,
        first: 0,
        ack: 0,
        reset: true,
        ops: [],
      });
    } catch (err) {
      this.opts.logger.error({ err, gateway: gw }, 'could not reset a gateway');
    }
  }

  private scheduleFlush(): void {
    // Deliveries of everything that arrives in this turn leave together, once per gateway;
    // a long turn sends what it has so far.
    if (this.handlingMsSinceFlush >= FLUSH_AFTER_HANDLING_MS) this.flush();
    else this.flushScheduled ??= setImmediate(() => this.flush());
  }

  /**
   * Ends a turn: the journal write first (nothing leaves before the inputs that caused it are on
   * disk, so a restart can never make different outputs under the same numbers), then the
   * registered channels, then the outputs.
   */
  flush(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    this.handlingMsSinceFlush = 0;
    this.opts.history.commit();
    this.opts.registered.persist();
    // After the journal commit, like every output: a replay makes the same records again (deduped).
    const records = this.engine.history?.drainPending();
    if (records?.length) this.opts.historyStream?.append(records);
    const { sequenced } = this.opts;
    const { gateways, portal } = sequenced.drain();
    // A peer that asked to be sent everything after its ack gets that backlog, which holds this
    // turn's new outputs too; the others get only the new ones.
    for (const delivery of gateways) if (!this.resendGateways.has(delivery.gw)) this.publishDelivery(delivery);
    for (const [gw, { gi, from }] of this.resendGateways) {
      const backlog = sequenced.gatewayBacklog(gw, gi, from);
      if (!backlog) continue;
      this.counters.onResent('gateway');
      this.publishDelivery(backlog);
    }
    this.resendGateways.clear();
    this.measureInputLatency();
    const resend = this.resendPortal;
    this.resendPortal = undefined;
    const backlog = resend && sequenced.portalBacklog(resend.pi, resend.from);
    if (backlog) {
      this.counters.onResent('portal');
      this.publishNetwork(backlog);
    } else if (portal) {
      this.publishNetwork(portal);
    }
    this.passwordChecks();
    this.reloads();
  }

  /**
   * The admin API (issue 14): the reads answer from the view; an operator command is journaled and
   * applied like any input (a replay runs it again), and its answer goes back to the API.
   */
  private onAdminRequest(request: AdminStateRequest | undefined): AdminStateReply {
    const refuse = (why: string): AdminStateReply => ({ v: PROTOCOL_VERSION, ok: false, lines: [why] });
    if (!request) return refuse('the request could not be read');
    const problems = adminActionProblems(request.action);
    if (problems.length > 0) return refuse(problems.join('; '));
    const { action, operator } = request;
    if (action.op === 'users')
      return { v: PROTOCOL_VERSION, ok: true, lines: [], users: adminUsers(this.engine.state) };
    if (action.op === 'channels')
      return { v: PROTOCOL_VERSION, ok: true, lines: [], channels: adminChannels(this.engine.state) };
    const line = adminCommandLine(action);
    if (line === undefined) return refuse(`nothing to run for ${action.op}`);
    if (!this.engine.config.operators.some((op) => op.name === operator))
      return refuse(`no operator account ${operator} in the host file`);
    this.take({ take: { k: 'admin', t: this.opts.clock(), operator, line } }, '', 0);
    this.scheduleFlush();
    const lines = this.engine.adminReply ?? [];
    this.opts.logger.info({ operator, line: action.op === 'wallops' ? 'WALLOPS' : line }, 'admin API command');
    return { v: PROTOCOL_VERSION, ok: !lines.some(isErrorReply), lines };
  }

  /**
   * Asks the host process to reload the host file for each REHASH of this turn; the answer comes
   * back as a journaled input (`rehashed`), so the operator's NOTICEs are outputs like any other.
   */
  private reloads(): void {
    for (const { conn, by } of this.engine.reloadRequests.splice(0)) {
      void this.askHostToReload(by).then((lines) => {
        if (this.stopped) return;
        this.take({ take: { k: 'rehashed', t: this.opts.clock(), conn, lines } }, '', 0);
        this.scheduleFlush();
      });
    }
  }

  private async askHostToReload(by: string): Promise<string[]> {
    const { nc, logger } = this.opts;
    try {
      const reply = await requestEnvelope(nc, subjects.hostReload(this.serverId), { v: PROTOCOL_VERSION, by }, logger, {
        timeout: RELOAD_TIMEOUT_MS,
      });
      if (!reply) return ['REHASH: the host answered something unreadable'];
      if (!reply.ok) return [`REHASH refused, the old configuration stays: ${reply.file}`, ...reply.problems];
      return [`REHASH done: ${reply.file}`, ...reply.services];
    } catch (err) {
      logger.warn({ err }, 'REHASH: no answer from the host process');
      // Without a host process (each service under its own supervisor) SIGHUP reloads each service.
      return [`REHASH failed: no host process answers (${(err as Error).message}); send SIGHUP to each service`];
    }
  }

  /** Once per turn, after its deliveries went out: one observation per gateway batch it took. */
  private measureInputLatency(): void {
    if (this.takenAt.length === 0) return;
    const now = performance.now();
    for (const arrived of this.takenAt) this.counters.onInputLatency((now - arrived) / 1000);
    this.takenAt.length = 0;
  }

  /** Starts the password checks the engine asked for this turn, and logs its failed attempts. */
  private passwordChecks(): void {
    const { engine } = this;
    for (const request of engine.auth.takeRequests()) this.check(request);
    for (const report of engine.auth.takeReports()) {
      this.counters.onAuthFailure(report);
      // Never the password; the back-off refusals of a flood are many and cost nothing: debug.
      const { mechanism, name, ip, reason } = report;
      if (reason === 'backoff') this.opts.logger.debug({ mechanism, name, ip }, 'authentication refused: back-off');
      else this.opts.logger.warn({ mechanism, name, ip, reason }, 'authentication failed');
    }
  }

  private check({ id, passwordHash, candidate, derive }: VerifyRequest): void {
    if (candidate === undefined) {
      // Restored from a snapshot without its candidate: nothing to hash.
      setImmediate(() => this.verdict(id, 'unchecked'));
      return;
    }
    if (derive) {
      // REGISTER: the new account's SCRAM keys, PBKDF2 on libuv's pool like a check.
      this.opts.deriveKeys(candidate, derive.salt, derive.iterations).then(
        (keys) => this.verdict(id, 'yes', keys),
        (err: unknown) => {
          this.opts.logger.error({ err }, 'a key derivation failed to run');
          this.verdict(id, 'unchecked');
        },
      );
      return;
    }
    this.opts.checkPassword(candidate, passwordHash).then(
      (ok) => this.verdict(id, ok ? 'yes' : 'no'),
      (err: unknown) => {
        this.opts.logger.error({ err }, 'a password check failed to run');
        this.verdict(id, 'unchecked');
      },
    );
  }

  /** A verdict is an input like any other: journaled, then applied (a replay never hashes). */
  private verdict(id: number, verdict: Verdict, keys?: ScramKeys): void {
    if (this.stopped) return;
    this.take({ take: { k: 'pw', t: this.opts.clock(), id, verdict, ...(keys ? { keys } : {}) } }, '', 0);
    this.scheduleFlush();
  }

  private publishDelivery({ gw, gi, ack, runs }: GatewayDelivery): void {
    const { nc, logger } = this.opts;
    this.ackSent.set(`gw:${gw}`, gi, ack);
    try {
      const subject = subjects.gatewayOut(this.serverId, gw);
      // An empty run list still carries the ack: the gateway may drop events it keeps for us.
      if (runs.length === 0) publishEnvelope(nc, subject, { v: PROTOCOL_VERSION, gi, first: 0, ack, ops: [] });
      for (const { first, items } of runs) {
        this.counters.onOps(items.length);
        publishNumbered(nc, subject, { gi, ack }, 'first', first, 'ops', items);
      }
    } catch (err) {
      // A closed connection (shutdown), or NATS away: the ops stay kept and go again on request.
      logger.error({ err, gateway: gw }, 'could not publish deliveries');
    }
  }

  private publishNetwork({ pi, ack, runs }: PortalDelivery): void {
    const { nc } = this.opts;
    this.ackSent.set('portal', pi, ack);
    try {
      const subject = subjects.portalOut(this.serverId);
      if (runs.length === 0) publishEnvelope(nc, subject, { v: PROTOCOL_VERSION, pi, first: 0, ack, items: [] });
      for (const { first, items } of runs) {
        this.counters.onNetOut(items.length);
        publishNumbered(nc, subject, { pi, ack }, 'first', first, 'items', items);
      }
    } catch (err) {
      this.opts.logger.error({ err }, 'could not publish network events');
    }
  }

  private onTick(): void {
    try {
      const now = this.opts.clock();
      this.opts.history.syncInBackground((err) =>
        this.opts.logger.error({ err }, 'could not sync the journal to disk'),
      );
      this.declareLostGateways(now);
      const everyMs = this.opts.snapshotEveryMs ?? DEFAULT_SNAPSHOT_EVERY_MS;
      const due = snapshotDueAtTick(
        {
          handlingMsSinceSnapshot: this.handlingMsSinceSnapshot,
          handlingMsThisTick: this.handlingMsThisTick,
          recordsSinceSnapshot: this.recordsSinceSnapshot,
          msSinceSnapshot: now - this.lastSnapshotAt,
        },
        everyMs,
      );
      this.handlingMsThisTick = 0;
      if (due) this.snapshotSoon();
    } catch (err) {
      this.opts.logger.error({ err }, 'state tick failed');
    }
  }

  /** Gateways silent past the grace: their users QUIT everywhere (a journaled input, like any other). */
  private declareLostGateways(now: number): void {
    for (const gw of this.opts.sequenced.gatewayIds()) {
      const heard = this.lastHeard.get(gw) ?? now;
      if (now - heard < this.opts.gatewayLostMs) continue;
      this.opts.logger.warn({ gateway: gw, silentMs: now - heard }, 'gateway silent past the grace: its users quit');
      this.counters.onGatewayLost();
      this.lastHeard.delete(gw);
      this.ackSent.forget(`gw:${gw}`);
      this.heartbeatAcks.forget(`gw:${gw}`);
      this.take({ take: { k: 'gone', t: now, gw } }, '', 0);
      this.scheduleFlush();
    }
  }

  /** A snapshot at the end of this turn, unless one is being written. */
  private snapshotSoon(): void {
    if (this.stopped || this.snapshotWrite || this.snapshotScheduled) return;
    if (this.historyGate.active) {
      this.snapshotDeferred = true;
      return;
    }
    this.snapshotScheduled = setImmediate(() => {
      this.snapshotScheduled = undefined;
      try {
        this.snapshot();
      } catch (err) {
        this.opts.logger.error({ err }, 'could not take a snapshot');
      }
    });
  }

  /**
   * Starts a new generation with the whole state as it is now: state pauses only to serialise
   * (milliseconds); the file is written in the background.
   */
  snapshot(): void {
    this.flush();
    const started = performance.now();
    const bytes = snapshotBytes(this.opts.lineage, this.opts.sequenced);
    const generation = this.generation++;
    this.opts.history.rotate(generation);
    this.lastSnapshotAt = this.opts.clock();
    this.recordsSinceSnapshot = 0;
    this.handlingMsSinceSnapshot = 0;
    this.counters.onSnapshot(bytes.length, performance.now() - started);
    this.snapshotWrite = this.opts.history
      .writeSnapshot(generation, bytes)
      .catch((err: unknown) => {
        // The journals since the last snapshot that was written stay: recovery replays them all.
        this.opts.logger.error({ err, generation }, 'could not write a snapshot; the next one will try again');
      })
      .finally(() => (this.snapshotWrite = undefined));
  }

  /** The answer to a StateInfoRequest: who this state is, its counts, the debug snapshot if asked. */
  private info(snapshot: boolean): StateInfo {
    const { engine } = this;
    return {
      v: PROTOCOL_VERSION,
      instance: this.opts.instance,
      lineage: this.opts.lineage,
      serverName: engine.config.server.name,
      serverId: this.serverId,
      users: engine.state.users.size,
      channels: engine.state.channels.size,
      ...(snapshot ? { snapshot: snapshotOf(engine.state) } : {}),
    };
  }

  /** Sends what is pending and saves a final snapshot, so the next start replays nothing. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopReconnectListener?.();
    if (this.tick) clearInterval(this.tick);
    if (this.snapshotScheduled) clearImmediate(this.snapshotScheduled);
    for (const sub of this.subscriptions) sub.unsubscribe();
    this.subscriptions = [];
    try {
      await this.snapshotWrite;
      this.snapshot();
      await this.snapshotWrite;
    } finally {
      this.opts.history.close();
    }
  }

  private get counters(): AdapterCounters {
    return this.opts.counters;
  }

  private fault(err: unknown, what: string): void {
    this.counters.onFault();
    this.opts.logger.error({ err, what }, 'internal error while handling an input');
  }

  private ignored(problem: string): void {
    this.counters.onIgnored();
    this.opts.logger.warn({ problem }, `ignored a network item: ${problem}`);
  }
}
