import { latencySummary } from '../histogram';
import type { Sizes } from '../options';
import { totalRssKiB } from '../proc-stats';
import { sharedOnceKiBOf } from '../shared-pages';
import { allPids, servingPids, type RunningSystem } from '../systems/types';
import {
  cpuSplitText,
  fleetFor,
  measurePhase,
  privatePairs,
  round,
  setUpChannels,
  type Log,
  type PhaseResult,
} from './measure';
import { medianRepeat } from './median-run';

export interface ConnectResult {
  clients: number;
  registered: number;
  failed: number;
  /** Clients the server closed while they sat idle after registering. */
  droppedIdle: number;
  timeMs: number;
  perSec: number;
  latency: ReturnType<typeof latencySummary>;
  window: number;
  generatorCpuS: number;
  rssBeforeKiB: number;
  /** The same processes before, with the pages they share (the node binary's code) counted once. */
  rssBeforeSharedOnceKiB: number;
  /** Before, the warm spares included (the other rows leave them out, as earlier runs did). */
  rssBeforeWithSparesKiB: number;
  /** 2 s after the last registration. */
  rssAfterKiB: number;
  /** After the clients sat idle for `idleSettleMs` (the same as rssAfterKiB without a settle time). */
  rssIdleKiB: number;
  idleSettleMs: number;
  /** Per 1,000 clients from the settled reading (rssIdleKiB). */
  kibPer1000: number;
  /** Per 1,000 clients from the reading 2 s after registering. */
  kibPer1000At2s: number;
}

/**
 * connect and idle memory: N clients register, then sit idle; RSS of every process before, 2 s
 * after, and once more after `idleSettleMs` of idleness (0: no second wait).
 */
export async function connectScenario(
  system: RunningSystem,
  clients: number,
  log: Log,
  idleSettleMs = 0,
): Promise<ConnectResult> {
  const fleet = fleetFor(clients, log);
  try {
    await new Promise((r) => setTimeout(r, 500));
    const rssBeforeKiB = totalRssKiB(servingPids(system));
    const rssBeforeSharedOnceKiB = sharedOnceKiBOf(servingPids(system));
    const rssBeforeWithSparesKiB = totalRssKiB(allPids(system));
    const gen0 = await fleet.cpuSeconds();
    const result = await fleet.connect(system.servers, clients, system.connectWindow, 300_000);
    const generatorCpuS = (await fleet.cpuSeconds()) - gen0;
    // Let the servers settle (buffers, GC) before reading memory.
    await new Promise((r) => setTimeout(r, 2000));
    const rssAfterKiB = totalRssKiB(servingPids(system));
    let rssIdleKiB = rssAfterKiB;
    if (idleSettleMs > 2000) {
      log(`    … ${clients} clients idle for ${idleSettleMs / 1000} s before the settled memory reading`);
      await new Promise((r) => setTimeout(r, idleSettleMs - 2000));
      rssIdleKiB = totalRssKiB(servingPids(system));
    }
    const stats = await fleet.stats(0);
    const per1000 = (rss: number) => Math.round(((rss - rssBeforeKiB) / Math.max(1, result.registered)) * 1000);
    return {
      clients,
      registered: result.registered,
      failed: result.failed,
      droppedIdle: stats.closed,
      timeMs: result.elapsedMs,
      perSec: Math.round(result.registered / (result.elapsedMs / 1000)),
      latency: latencySummary(result.latency),
      window: system.connectWindow,
      generatorCpuS: round(generatorCpuS, 2),
      rssBeforeKiB,
      rssBeforeSharedOnceKiB,
      rssBeforeWithSparesKiB,
      rssAfterKiB,
      rssIdleKiB,
      idleSettleMs: Math.max(idleSettleMs, 2000),
      kibPer1000: per1000(rssIdleKiB),
      kibPer1000At2s: per1000(rssAfterKiB),
    };
  } finally {
    await fleet.closeClients().catch(() => undefined);
    fleet.stop();
  }
}

export interface FanoutResult {
  layout: string;
  phase: PhaseResult;
}

/** channel fan-out: each layout C × M at R msg/s per channel for the phase time. */
export async function fanoutScenario(system: RunningSystem, sizes: Sizes, log: Log): Promise<FanoutResult[]> {
  const out: FanoutResult[] = [];
  for (const layout of sizes.fanout) {
    const fleet = fleetFor(layout.channels * layout.members, log);
    try {
      const senders = await setUpChannels(fleet, system, layout, log);
      const name = `${layout.channels}×${layout.members} @ ${layout.rate}/s`;
      log(`    ${name}: sending for ${sizes.phaseMs / 1000} s`);
      const phase = await measurePhase(fleet, system, senders, layout.rate, sizes.phaseMs, layout.members - 1);
      log(
        `    ${name}: ${phase.deliveriesPerSec} deliveries/s, p99 ${phase.latency.p99Ms} ms, loss ${phase.loss}, server CPU ${cpuSplitText(phase.serverCpuByRole)}`,
      );
      out.push({ layout: name, phase });
    } finally {
      await fleet.closeClients().catch(() => undefined);
      fleet.stop();
    }
  }
  return out;
}

export interface PrivateResult {
  pairs: number;
  rate: number;
  sameServer: PhaseResult;
  crossServer?: PhaseResult;
}

/** private messages: pairs of users, each sender at `rate` msg/s; cross-server when there are several servers. */
export async function privateScenario(system: RunningSystem, sizes: Sizes, log: Log): Promise<PrivateResult> {
  const servers = system.servers.length;
  const clients = sizes.privatePairs * 2 * Math.max(1, servers);
  const fleet = fleetFor(clients, log);
  try {
    const connected = await fleet.connect(system.servers, clients, system.connectWindow, 120_000);
    if (connected.registered < clients)
      throw new Error(`only ${connected.registered} of ${clients} clients registered`);
    log(`    same-server pairs: sending for ${sizes.phaseMs / 1000} s`);
    const sameServer = await measurePhase(
      fleet,
      system,
      privatePairs(sizes.privatePairs, servers, false),
      sizes.privateRate,
      sizes.phaseMs,
      1,
    );
    let crossServer: PhaseResult | undefined;
    if (servers > 1) {
      log(`    cross-server pairs: sending for ${sizes.phaseMs / 1000} s`);
      crossServer = await measurePhase(
        fleet,
        system,
        privatePairs(sizes.privatePairs, servers, true),
        sizes.privateRate,
        sizes.phaseMs,
        1,
      );
    }
    return { pairs: sizes.privatePairs, rate: sizes.privateRate, sameServer, crossServer };
  } finally {
    await fleet.closeClients().catch(() => undefined);
    fleet.stop();
  }
}

export interface SaturationStep {
  ratePerChannel: number;
  /** The step's median repeat (medianRepeat): the figures every table reads. */
  phase: PhaseResult;
  /** The median repeat had no loss and p99 ≤ 100 ms, i.e. most repeats did. */
  sustained: boolean;
  /** Every repeat's p99 ms and loss, in run order (the median one among them). */
  repeats: Array<{ deliveriesPerSec: number; p99Ms: number; loss: number }>;
}

export interface SaturationResult {
  layout: string;
  steps: SaturationStep[];
  /** Highest deliveries/s of a step with no loss and p99 ≤ 100 ms. */
  sustainedPerSec: number;
  /** Highest deliveries/s of any step with no loss, whatever its latency (throughput under overload). */
  peakNoLossPerSec: number;
  stoppedBecause: string;
}

const P99_LIMIT_MS = 100;
/** Past the latency limit the ladder goes on (for the overload throughput) until p99 passes this. */
const OVERLOAD_P99_MS = 1000;

/**
 * saturation: raise the rate per channel step by step, each step run `repeats` times and read
 * from its median repeat. The headline is the last step with p99 ≤ 100 ms and no loss; the ladder
 * continues while nothing is lost and p99 stays under 1 s, to show the throughput under overload
 * as well.
 */
export async function saturationScenario(system: RunningSystem, sizes: Sizes, log: Log): Promise<SaturationResult> {
  const { channels, members, rates, stepMs, repeats } = sizes.saturation;
  const fleet = fleetFor(channels * members, log);
  const steps: SaturationStep[] = [];
  let stoppedBecause = `the last step (${rates[rates.length - 1]}/s per channel) still passed`;
  try {
    const senders = await setUpChannels(fleet, system, { channels, members }, log);
    for (const rate of rates) {
      const runs: PhaseResult[] = [];
      for (let i = 0; i < repeats; i++)
        runs.push(await measurePhase(fleet, system, senders, rate, stepMs, members - 1));
      const phase = medianRepeat(runs);
      const sustained = phase.loss === 0 && phase.latency.p99Ms <= P99_LIMIT_MS;
      const figures = runs.map((r) => ({ deliveriesPerSec: r.deliveriesPerSec, p99Ms: r.latency.p99Ms, loss: r.loss }));
      steps.push({ ratePerChannel: rate, phase, sustained, repeats: figures });
      const spread = repeats > 1 ? ` (median of p99 ${figures.map((f) => f.p99Ms).join(' / ')} ms)` : '';
      log(
        `    ${rate}/s per channel: offered ${phase.offeredPerSec}/s, delivered ${phase.deliveriesPerSec}/s, p99 ${phase.latency.p99Ms} ms${spread}, loss ${phase.loss}, generator ${phase.generatorCpuPct}% CPU, server CPU ${cpuSplitText(phase.serverCpuByRole)}`,
      );
      if (phase.loss > 0 || phase.latency.p99Ms > OVERLOAD_P99_MS) {
        stoppedBecause =
          phase.loss > 0
            ? `loss at ${rate}/s per channel`
            : `p99 ${phase.latency.p99Ms} ms > ${OVERLOAD_P99_MS} ms at ${rate}/s per channel`;
        break;
      }
      if (phase.generatorBehind) {
        stoppedBecause = `the load generator could not offer more (${rate}/s per channel)`;
        break;
      }
    }
  } finally {
    await fleet.closeClients().catch(() => undefined);
    fleet.stop();
  }
  const passed = steps.filter((s) => s.sustained);
  const noLoss = steps.filter((s) => s.phase.loss === 0);
  // The headline counts only steps up to the first that broke the latency limit.
  const firstFailure = steps.findIndex((s) => !s.sustained);
  const beforeFailure = firstFailure < 0 ? passed : steps.slice(0, firstFailure);
  return {
    layout: `${channels}×${members}`,
    steps,
    sustainedPerSec: beforeFailure.length > 0 ? Math.max(...beforeFailure.map((s) => s.phase.deliveriesPerSec)) : 0,
    peakNoLossPerSec: noLoss.length > 0 ? Math.max(...noLoss.map((s) => s.phase.deliveriesPerSec)) : 0,
    stoppedBecause,
  };
}
