import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { deriveScramKeys, verifyPasswordAsync, withCloakKey } from '@portalchat/config';
import { isNatsConnected, METRIC_PREFIX, type ServiceDeps, type ServiceParts } from '@portalchat/service';
import { Gauge } from 'prom-client';
import type { StateEngine } from './engine/engine';
import { commandCounter } from './command-metrics';
import { StateNatsAdapter } from './nats-adapter';
import { rationing } from './password-checker';
import { ChannelStore } from './persistence/channel-store';
import { RegisteredChannelPersistence } from './persistence/registered-persistence';
import { HistoryStore } from './recovery/history-store';
import { recover, type Recovery } from './recovery/recover';
import { HistoryStream } from './history-stream';
import type { Logger } from '@portalchat/service';
import type { HistoryIndex, HistoryRecord } from './engine/history/history-index';
import { recordId } from './engine/history/stored-record';

export interface StateDeps extends ServiceDeps {
  clock?: () => number;
}

export interface StateService extends ServiceParts {
  engine: StateEngine;
}

/** State's history on disk and what was recovered from it, before NATS is needed. */
export interface RecoveredState {
  history: HistoryStore;
  recovery: Recovery;
}

/** How long a stop waits for a history load under way (its JetStream requests time out by then). */
const STOP_WAITS_FOR_HISTORY_MS = 5000;
/**
 * How long a state recovered from its journal waits before it loads the history stream: its first
 * second or so is the peers' backlogs, and decoding the stream (0.4-1 s of CPU at 8,000 records)
 * in between made every client wait longer for its first message (docs/benchmarks.md, "Restart
 * under load"). Only what reads the history waits meanwhile.
 */
const HISTORY_LOAD_AFTER_RECOVERY_MS = 1500;

const cpuMs = ({ user, system }: NodeJS.CpuUsage) => (user + system) / 1000;

/**
 * Rebuilds the engine from the history on disk (recovery/): a runService `prepare` step, so that
 * a promoted spare replays while its NATS connection is being made.
 */
export function recoverState(
  { config: given, logger, metrics }: Omit<ServiceDeps, 'nc'>,
  clock = Date.now,
): RecoveredState {
  // The cloaking key is part of the engine's config (a replay must cloak alike): the configured
  // one, else the data directory's, generated at first start.
  const config = withCloakKey(given);
  const history = new HistoryStore(join(config.dataDir, 'state'));
  history.removeLeftovers();
  const recoveryProblems = metrics.counter(
    'state_recovery_problems_total',
    'Problems met recovering state from disk (a damaged snapshot or journal, a gap in the history)',
  );
  const recoveryFaults = metrics.counter('state_recovery_faults_total', 'Journal records whose replay raised an error');
  const recoveryStarted = performance.now();
  const recoveryCpu = process.cpuUsage();
  const recovery = recover(history, config, clock(), (err, what) => {
    recoveryFaults.inc();
    logger.error({ err, what }, 'internal error while replaying the journal');
  });
  for (const problem of recovery.problems) {
    recoveryProblems.inc();
    logger.error({ dir: history.dir }, `state recovery: ${problem}`);
  }
  logger.info(
    {
      outcome: recovery.outcome,
      lineage: recovery.lineage,
      records: recovery.records,
      ms: Math.round(performance.now() - recoveryStarted),
      loadMs: Math.round(recovery.loadMs),
      replayMs: Math.round(recovery.replayMs),
      // Far below `ms` when the machine's other processes held the CPU.
      cpuMs: Math.round(cpuMs(process.cpuUsage(recoveryCpu))),
    },
    `state recovery: ${recovery.outcome}`,
  );
  return { history, recovery };
}

/**
 * Composes the state service: the engine recovered from its history (recoverState, done here
 * unless given), then the NATS adapter, metrics and readiness. No listen, no env.
 */
export function buildState(deps: StateDeps, recovered?: RecoveredState): StateService {
  const { nc, logger, metrics, clock = Date.now } = deps;
  const instance = randomBytes(6).toString('hex');
  const { history, recovery } = recovered ?? recoverState(deps, clock);
  const { sequenced } = recovery;
  const engine = sequenced.engine;
  // With the cloaking key recoverState settled.
  const { config } = engine;
  const registered = new RegisteredChannelPersistence(
    engine.state,
    config,
    new ChannelStore(join(config.dataDir, 'channels')),
    logger,
    clock,
  );
  const eventsIn = metrics.counter('state_events_in_total', 'Gateway events (lines, connects, disconnects) handled');
  const opsOut = metrics.counter('state_ops_out_total', 'Delivery operations sent to gateways');
  const faults = metrics.counter('state_faults_total', 'Events whose handling failed with an internal error');
  const netIn = metrics.counter(
    'state_network_items_in_total',
    'Network events and server tables applied from the portal',
  );
  const netOut = metrics.counter('state_network_events_out_total', 'Network events handed to the portal');
  const netIgnored = metrics.counter(
    'state_network_items_ignored_total',
    'Network items skipped because they break the contract (unknown type, missing field)',
  );
  const stateGauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name: METRIC_PREFIX + name,
      help,
      registers: [metrics.registry],
      collect() {
        this.set(read());
      },
    });
  stateGauge('state_users', 'Users on the network as this host sees them', () => engine.state.users.size);
  stateGauge('state_local_users', 'Registered users connected to this host', () => engine.state.localUserCount());
  stateGauge(
    'state_connections',
    'Client connections on this host (registered or not)',
    () => engine.state.connections.size,
  );
  stateGauge('state_channels', 'Channels on the network as this host sees them', () => engine.state.channels.size);
  // The engine is recovered by now: what it counted while replaying is not this process's work.
  commandCounter(metrics.registry, engine.state);
  const inputLatency = metrics.histogram(
    'state_input_latency_seconds',
    "From a gateway batch's arrival at state to the publish of the deliveries of its turn (handling and journal write included)",
  );

  const skipped = metrics.counter(
    'state_batches_skipped_total',
    'Batches not taken: seen before, past a hole, or naming another gateway than their subject',
    ['why'],
  );
  const resent = metrics.counter('state_outputs_resent_total', 'Backlogs of outputs sent again to a peer', ['peer']);
  const gatewaysLost = metrics.counter('state_gateways_lost_total', 'Gateways declared gone after their silence');
  const snapshots = metrics.counter('state_snapshots_total', 'Snapshots of the whole state written');
  const snapshotBytes = metrics.gauge('state_snapshot_bytes', 'Size of the last snapshot');
  const snapshotPause = metrics.gauge('state_snapshot_pause_seconds', 'How long the last snapshot paused state');
  const authFailures = metrics.counter(
    'state_auth_failures_total',
    'Password attempts (OPER, IRCX AUTH, SASL) that failed, or were refused unchecked by the back-off (reason="backoff")',
    ['mechanism', 'reason'],
  );

  const historyStream = engine.history ? new HistoryStream(nc, config.server.id, config.history, logger) : undefined;
  const historyLoaded = metrics.gauge(
    'state_history_load_seconds',
    'How long loading the history stream took at start',
  );
  // Password checks and REGISTER's key derivations share one allowance of threads.
  const ration = rationing(config.auth.concurrentChecks);
  const adapter = new StateNatsAdapter({
    historyStream,
    nc,
    sequenced,
    history,
    lineage: recovery.lineage,
    nextGeneration: recovery.nextGeneration,
    continueJournal: recovery.continueJournal,
    instance,
    registered,
    logger,
    clock,
    gatewayLostMs: config.limits.gatewayLostSeconds * 1000,
    checkPassword: ration(verifyPasswordAsync),
    deriveKeys: ration(deriveScramKeys),
    counters: {
      onBatch: (n) => eventsIn.inc(n),
      onOps: (n) => opsOut.inc(n),
      onNetIn: (n) => netIn.inc(n),
      onNetOut: (n) => netOut.inc(n),
      onFault: () => faults.inc(),
      onIgnored: () => netIgnored.inc(),
      onSkipped: (why) => skipped.inc({ why }),
      onResent: (peer) => resent.inc({ peer }),
      onGatewayLost: () => gatewaysLost.inc(),
      onSnapshot: (bytes, ms) => {
        snapshots.inc();
        snapshotBytes.set(bytes);
        snapshotPause.set(ms / 1000);
      },
      onAuthFailure: ({ mechanism, reason }) => authFailures.inc({ mechanism, reason }),
      onInputLatency: (seconds) => inputLatency.observe(seconds),
    },
  });

  let historyLoad: HistoryLoad | undefined;
  let historyLoading: Promise<void> | undefined;
  /** Aborted by stop(): a load still waiting out its delay starts at once, so that open() sends what waited. */
  const loadNow = new AbortController();
  return {
    engine,
    readiness: () =>
      isNatsConnected(nc)
        ? { ready: true, details: { instance, users: engine.state.users.size, channels: engine.state.channels.size } }
        : { ready: false, reason: 'not connected to NATS' },
    // Stored registered channels come back before the first client or portal is served; a
    // recovered state has them already, and only learns what the store holds.
    // The history stream loads while state serves already (history-gate.ts holds what would read
    // the index meanwhile): reading it whole took 2.3-4 s of a restart's pause under load.
    start: async () => {
      if (recovery.outcome === 'resumed' || recovery.outcome === 'fallback') await registered.resume();
      else await registered.load();
      if (historyStream && engine.history) {
        const load = new HistoryLoad(historyStream, engine.history, logger, historyLoaded, clock);
        // A state that carries on its journal keeps its replay's records back until the load tells
        // which the stream holds already; the snapshot that ends that journal waits for the load.
        // One that starts a new journal at once sends them all (the loader drops a copy).
        if (recovery.continueJournal !== undefined) load.keepBackReplayed();
        historyLoad = load;
        adapter.holdHistoryReaders();
        adapter.start();
        const wait = recovery.outcome === 'resumed' ? HISTORY_LOAD_AFTER_RECOVERY_MS : 0;
        historyLoading = delay(wait, undefined, { ref: false, signal: loadNow.signal })
          .catch(() => undefined)
          .then(() => load.run())
          .then(() => adapter.historyLoaded());
      } else adapter.start();
    },
    stop: async () => {
      // Stopped while loading: the load sends the records it kept back (or they go now, unfiltered),
      // or the final snapshot would drop them with the journal that holds them.
      loadNow.abort();
      if (historyLoading)
        await Promise.race([historyLoading, delay(STOP_WAITS_FOR_HISTORY_MS, undefined, { ref: false })]);
      historyLoad?.sendKeptBack();
      await adapter.stop();
      await registered.idle();
    },
    // A reload (issue 14): the engine reads the new file from its next input on (with this data
    // directory's cloaking key, as at start).
    reconfigure: (next) => {
      engine.reconfigure(withCloakKey(next));
      return `took the new file (${next.operators.length} operators, ${next.accounts.length} accounts, ${next.motd.length} MOTD lines)`;
    },
  };
}

/**
 * Brings the host's history stream into the engine's index while state serves: entries the journal
 * replay made already are found by msgid and kept once, and the replay's records the stream holds
 * are not appended to it again. A NATS without JetStream, or a failure, leaves history to what the
 * journal and the live traffic gave: logged, not fatal.
 */
class HistoryLoad {
  private keptBack: HistoryRecord[] | undefined;

  constructor(
    private readonly stream: HistoryStream,
    private readonly index: HistoryIndex,
    private readonly logger: Logger,
    private readonly seconds: { set(value: number): void },
    private readonly clock: () => number,
  ) {}

  /** Takes the journal replay's records out of the index's pending ones (see `run`). */
  keepBackReplayed(): void {
    this.keptBack = this.index.drainPending();
  }

  /** Appends the records kept back that the stream does not hold (all of them if not known). */
  sendKeptBack(stored?: ReadonlySet<string>): void {
    const records = this.keptBack;
    this.keptBack = undefined;
    if (records?.length) this.stream.append(stored ? records.filter((r) => !stored.has(recordId(r))) : records);
  }

  async run(): Promise<void> {
    // By record ID: a redaction the stream lacks must still be appended though it holds the entry.
    const stored = new Set<string>();
    const started = performance.now();
    try {
      const last = await this.stream.open();
      const load = await this.stream.load(last, (record) => {
        stored.add(recordId(record));
        if (record.type === 'add') this.index.add(record.entry, record.entry.time, false);
        else this.index.redact(record.key, record.msgid, false);
      });
      // Now: drop what the stream's limits would (a week-old entry loads, then goes).
      this.index.evict(this.clock());
      this.sendKeptBack(stored);
      this.seconds.set(load.ms / 1000);
      this.logger.info(
        {
          records: load.records,
          skipped: load.skipped,
          bytes: load.bytes,
          ms: Math.round(load.ms),
          // From the start of serving, the stream's open included.
          totalMs: Math.round(performance.now() - started),
          entries: this.index.size,
        },
        'history loaded',
      );
    } catch (err) {
      this.sendKeptBack();
      this.logger.error({ err }, 'history stream: could not load; history holds what the journal replay gave');
    }
  }
}
