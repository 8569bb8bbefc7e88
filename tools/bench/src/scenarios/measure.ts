import { latencySummary } from '../histogram';
import { Fleet, MAX_CLIENTS_PER_WORKER } from '../generator/fleet';
import { nickOf } from '../generator/protocol';
import { cpuByRole } from '../cpu-split';
import { cpuSecondsByPid } from '../proc-stats';
import { allPids, type RunningSystem } from '../systems/types';

export type Log = (line: string) => void;

/** One measured send phase: what was offered, what arrived, how fast, at what cost. */
export interface PhaseResult {
  offeredPerSec: number;
  sent: number;
  expected: number;
  delivered: number;
  loss: number;
  deliveriesPerSec: number;
  latency: ReturnType<typeof latencySummary>;
  sameServer: ReturnType<typeof latencySummary>;
  crossServer: ReturnType<typeof latencySummary>;
  serverCpuS: number;
  /** serverCpuS split by process role (Portalchat: gateway, state, portal, nats). */
  serverCpuByRole: Record<string, number>;
  cpuSPer1000: number;
  generatorCpuS: number;
  /** Share of one core the generator used during the phase. */
  generatorCpuPct: number;
  /** The generator sent fewer than 95% of the planned messages (it could not keep up). */
  generatorBehind: boolean;
}

/**
 * Two generator processes by default (one per core), more when the clients do not fit;
 * BENCH_GENERATORS=<n> asks for at least n (e.g. 1 to leave a core to the server).
 */
export function fleetFor(clients: number, log: Log): Fleet {
  const wanted = Number(process.env['BENCH_GENERATORS'] ?? 2);
  const atLeast = Number.isInteger(wanted) && wanted >= 1 && wanted <= 8 ? wanted : 2;
  return new Fleet(Math.max(atLeast, Math.ceil(clients / MAX_CLIENTS_PER_WORKER)), log);
}

let nextTag = 1;
/** A tag no earlier phase of this run used: deliveries of another tag arriving late count as stale. */
export const takeTag = (): number => nextTag++;

/**
 * Sends from `senders` ([global client, target]) at `rate` messages/s each for `durationMs`;
 * every message should reach `recipientsPerMessage` clients. Waits for the stragglers (bounded).
 */
export async function measurePhase(
  fleet: Fleet,
  system: RunningSystem,
  senders: Array<[number, string]>,
  rate: number,
  durationMs: number,
  recipientsPerMessage: number,
): Promise<PhaseResult> {
  const tag = takeTag();
  const planned = senders.length * Math.max(1, Math.round((rate * durationMs) / 1000));
  const cpu0 = cpuSecondsByPid(allPids(system));
  const gen0 = await fleet.cpuSeconds();
  const started = Date.now();
  const run = await fleet.run(tag, senders, rate, durationMs);
  const expected = run.sent * recipientsPerMessage;
  const stats = await fleet.drain(tag, expected, 2000, 15_000);
  const busyMs = Math.max(run.elapsedMs, stats.lastChangeAt - started);
  const byRole = cpuByRole(system.processes().flat(), cpu0, cpuSecondsByPid(allPids(system)));
  const serverCpuS = Object.values(byRole).reduce((sum, s) => sum + s, 0);
  const generatorCpuS = (await fleet.cpuSeconds()) - gen0;
  const all = latencySummary(stats.same.merged(stats.cross));
  return {
    offeredPerSec: Math.round(senders.length * rate * recipientsPerMessage),
    sent: run.sent,
    expected,
    delivered: stats.received,
    loss: Math.max(0, expected - stats.received),
    deliveriesPerSec: Math.round(stats.received / (busyMs / 1000)),
    latency: all,
    sameServer: latencySummary(stats.same),
    crossServer: latencySummary(stats.cross),
    serverCpuS: round(serverCpuS, 2),
    serverCpuByRole: Object.fromEntries(Object.entries(byRole).map(([role, s]) => [role, round(s, 2)])),
    cpuSPer1000: stats.received > 0 ? round((serverCpuS / stats.received) * 1000, 4) : 0,
    generatorCpuS: round(generatorCpuS, 2),
    generatorCpuPct: Math.round((generatorCpuS / (busyMs / 1000)) * 100),
    generatorBehind: run.sent < planned * 0.95,
  };
}

/** `gateway 4.1 s, state 0.5 s, …`, largest first. */
export function cpuSplitText(byRole: Record<string, number>): string {
  return Object.entries(byRole)
    .sort((a, b) => b[1] - a[1])
    .map(([role, s]) => `${role} ${s} s`)
    .join(', ');
}

export const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export interface ChannelLayout {
  channels: number;
  members: number;
}

/**
 * Connects channels × members clients (round-robin over the system's servers, so every channel
 * has members on every server), joins client g to channel g / members, then checks with one
 * probe message per channel that every membership has arrived everywhere.
 */
export async function setUpChannels(
  fleet: Fleet,
  system: RunningSystem,
  layout: ChannelLayout,
  log: Log,
): Promise<Array<[number, string]>> {
  const total = layout.channels * layout.members;
  const connected = await fleet.connect(system.servers, total, system.connectWindow, 120_000);
  if (connected.registered < total) throw new Error(`only ${connected.registered} of ${total} clients registered`);
  const joins: Array<[number, string]> = [];
  for (let g = 0; g < total; g++) joins.push([g, `#c${Math.floor(g / layout.members)}`]);
  const joined = await fleet.join(joins, 120_000);
  if (joined.failed > 0) throw new Error(`${joined.failed} of ${total} JOINs got no echo`);
  const senders: Array<[number, string]> = [];
  for (let c = 0; c < layout.channels; c++) senders.push([c * layout.members, `#c${c}`]);
  // Memberships reach the other servers a little later: probe until every member hears.
  for (let attempt = 0; attempt < 5; attempt++) {
    const probe = await measurePhase(fleet, system, senders, 1, 1000, layout.members - 1);
    if (probe.loss === 0) return senders;
    log(`    … probe ${attempt + 1}: ${probe.delivered}/${probe.expected} delivered, waiting for memberships`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('channel memberships never reached every member');
}

/** Pairs for private messages: same-server pairs, or pairs whose two clients are on different servers. */
export function privatePairs(pairs: number, servers: number, crossServer: boolean): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  if (crossServer) {
    // g and g+1 are on different servers whenever there are at least two.
    for (let p = 0; p < pairs; p++) out.push([2 * p, nickOf(2 * p + 1)]);
  } else {
    // g and g+servers share a server.
    for (let p = 0; p < pairs; p++) {
      const block = Math.floor(p / servers) * 2 * servers;
      const g = block + (p % servers);
      out.push([g, nickOf(g + servers)]);
    }
  }
  return out;
}
