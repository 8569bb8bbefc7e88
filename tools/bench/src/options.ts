import { DEFAULT_SYSTEMS, SYSTEM_NAMES, type SystemName } from './systems/types';

export const SCENARIO_NAMES = [
  'connect',
  'memory',
  'fanout',
  'private',
  'saturation',
  'network',
  'link',
  'restart',
  'scaleout',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/**
 * What runs without `--scenarios`: all but `scaleout`, which compares two Portalchat layouts with
 * each other (one gateway, two) rather than with a peer, and takes about 7 minutes of its own.
 */
export const DEFAULT_SCENARIOS: readonly ScenarioName[] = SCENARIO_NAMES.filter((s) => s !== 'scaleout');

/** The restart scenario's faults, by the name `--restart-faults` takes (restart.ts FAULTS). */
export const RESTART_FAULT_NAMES = ['state', 'nats', 'portal', 'hub-portal', 'hub-state', 'hub-nats'] as const;
export type RestartFaultName = (typeof RESTART_FAULT_NAMES)[number];

/**
 * The network scenario's phases, by the name `--network-phases` takes, in the order they run:
 * `hold` connects its 30,000 idle clients and keeps them for the rest; `saturation` is its ladder.
 * `--network-phases fanout,private` measures only the cross-server paths, in about a minute.
 */
export const NETWORK_PHASE_NAMES = ['hold', 'fanout', 'private', 'saturation'] as const;
export type NetworkPhaseName = (typeof NETWORK_PHASE_NAMES)[number];

/** Sizes and durations of every scenario; `--quick` swaps in small ones. */
export interface Sizes {
  connectClients: number;
  fanout: Array<{ channels: number; members: number; rate: number }>;
  phaseMs: number;
  privatePairs: number;
  privateRate: number;
  /**
   * The saturation ladder; each step runs `repeats` times and counts its median repeat
   * (medianRepeat), so one noisy run on the shared cores does not move the headline.
   */
  saturation: { channels: number; members: number; rates: number[]; stepMs: number; repeats: number };
  networkClients: number;
  /** Events the link scenario sends through one portal link (Portalchat only). */
  linkEvents: number;
  /**
   * How long the memory scenario keeps its clients idle before the settled RSS reading. A
   * garbage-collected server holds the garbage of the registration burst for a while (V8's
   * memory reducer returns it after about half a minute of quiet); a C server reads the same at
   * 2 s and at 60 s. "Memory per idle client" is the settled figure, for every system alike.
   */
  idleSettleMs: number;
  restart: RestartSizes;
  /** The network scenario's phases to run (default all). */
  networkPhases: NetworkPhaseName[];
}

/** The restart scenario (Portalchat only): load on the reference network while its processes are killed. */
export interface RestartSizes {
  /** Clients, round-robin over the three hosts, split evenly over `channels` (one sender each). */
  clients: number;
  channels: number;
  /** Messages per second each channel's sender sends. */
  ratePerChannel: number;
  /** Load before the kill. */
  faultAfterMs: number;
  /** Load after the kill, before the figures are read. */
  settleMs: number;
  /** The faults to run, in FAULTS order (default all). */
  faults: RestartFaultName[];
}

export const FULL_SIZES: Sizes = {
  connectClients: 10_000,
  fanout: [
    { channels: 100, members: 50, rate: 10 },
    { channels: 1, members: 1000, rate: 50 },
  ],
  phaseMs: 10_000,
  privatePairs: 1000,
  privateRate: 10,
  saturation: {
    channels: 100,
    members: 50,
    rates: [2.5, 5, 10, 15, 20, 30, 40, 60, 80, 100, 130],
    stepMs: 5000,
    repeats: 3,
  },
  networkClients: 30_000,
  linkEvents: 100_000,
  idleSettleMs: 60_000,
  restart: {
    clients: 5000,
    channels: 100,
    ratePerChannel: 10,
    faultAfterMs: 3000,
    settleMs: 12_000,
    faults: [...RESTART_FAULT_NAMES],
  },
  networkPhases: [...NETWORK_PHASE_NAMES],
};

export const QUICK_SIZES: Sizes = {
  connectClients: 200,
  fanout: [
    { channels: 10, members: 10, rate: 10 },
    { channels: 1, members: 50, rate: 20 },
  ],
  phaseMs: 1000,
  privatePairs: 20,
  privateRate: 10,
  saturation: { channels: 10, members: 10, rates: [10, 40], stepMs: 1000, repeats: 1 },
  networkClients: 150,
  linkEvents: 20_000,
  idleSettleMs: 2000,
  restart: {
    clients: 150,
    channels: 10,
    ratePerChannel: 10,
    faultAfterMs: 2000,
    settleMs: 8000,
    faults: [...RESTART_FAULT_NAMES],
  },
  networkPhases: [...NETWORK_PHASE_NAMES],
};

export interface BenchOptions {
  quick: boolean;
  scenarios: ScenarioName[];
  systems: SystemName[];
  jsonPath?: string;
  /** The restart scenario's services' lines, time-stamped (see ReferenceNetwork.start). */
  networkLogPath?: string;
  sizes: Sizes;
  /** Clients connect over TLS (Portalchat's ircTls, InspIRCd's ssl_gnutls); not link/restart. */
  tls: boolean;
}

export class UsageError extends Error {}

export const USAGE = `npm run bench -- [--quick] [--tls] [--scenarios ${SCENARIO_NAMES.join(',')}] [--systems ${SYSTEM_NAMES.join(',')}] [--json out.json]
  [--restart-clients <n>] [--restart-channels <n>]   the restart scenario's load (default 5,000 clients in 100 channels; --quick 150 in 10)
  [--saturation-repeats <n>]   runs of each saturation step; the step counts its median run (default 3; --quick 1)
  [--network-log <file>]   the restart scenario's service logs (info), stamped with the time the kill line shows
  [--restart-faults ${RESTART_FAULT_NAMES.join(',')}]   the processes it kills (default all, in turn)
  --scenarios scaleout   (not run by default) one host with 1 gateway, then 2: the first fan-out layout and
          the saturation ladder, clients round-robin over the gateways (Portalchat only)
  [--network-phases ${NETWORK_PHASE_NAMES.join(',')}]   the network scenario's phases (default all;
          fanout,private skips the 30,000 held clients and the saturation ladder)
  --tls   clients connect over TLS (self-signed certificate; Portalchat and InspIRCd, not ngircd;
          the link and restart scenarios stay plain)`;

/** A whole number ≥ `min` for `flag`. */
function countOf(value: string | undefined, flag: string, min: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min)
    throw new UsageError(`${flag} needs a whole number ≥ ${min}`);
  return n;
}

function listOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T[] {
  if (!value) throw new UsageError(`${flag} needs a value`);
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = items.filter((s) => !allowed.includes(s as T));
  if (unknown.length > 0) throw new UsageError(`${flag}: unknown ${unknown.join(', ')} (known: ${allowed.join(', ')})`);
  return items as T[];
}

export function parseOptions(argv: string[]): BenchOptions {
  let quick = false;
  let scenarios: ScenarioName[] = [...DEFAULT_SCENARIOS];
  let systems: SystemName[] = [...DEFAULT_SYSTEMS];
  let jsonPath: string | undefined;
  let networkLogPath: string | undefined;
  let tls = false;
  const restart: Partial<RestartSizes> = {};
  let saturationRepeats: number | undefined;
  let networkPhases: NetworkPhaseName[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--tls') tls = true;
    else if (arg === '--scenarios') scenarios = listOf(argv[++i], SCENARIO_NAMES, arg);
    else if (arg === '--systems') systems = listOf(argv[++i], SYSTEM_NAMES, arg);
    else if (arg === '--json') {
      jsonPath = argv[++i];
      if (!jsonPath) throw new UsageError('--json needs a file name');
    } else if (arg === '--network-log') {
      networkLogPath = argv[++i];
      if (!networkLogPath) throw new UsageError('--network-log needs a file name');
    } else if (arg === '--restart-clients') restart.clients = countOf(argv[++i], arg, 2);
    else if (arg === '--restart-channels') restart.channels = countOf(argv[++i], arg, 1);
    else if (arg === '--saturation-repeats') saturationRepeats = countOf(argv[++i], arg, 1);
    else if (arg === '--restart-faults') restart.faults = listOf(argv[++i], RESTART_FAULT_NAMES, arg);
    else if (arg === '--network-phases') networkPhases = listOf(argv[++i], NETWORK_PHASE_NAMES, arg);
    else throw new UsageError(`unknown argument ${arg}`);
  }
  let sizes = quick ? QUICK_SIZES : FULL_SIZES;
  if (Object.keys(restart).length > 0) sizes = { ...sizes, restart: { ...sizes.restart, ...restart } };
  if (saturationRepeats !== undefined)
    sizes = { ...sizes, saturation: { ...sizes.saturation, repeats: saturationRepeats } };
  if (networkPhases) sizes = { ...sizes, networkPhases };
  if (sizes.restart.clients < sizes.restart.channels * 2)
    throw new UsageError(
      `the restart scenario needs at least 2 clients per channel (${sizes.restart.clients} clients, ${sizes.restart.channels} channels)`,
    );
  return { quick, scenarios, systems, jsonPath, networkLogPath, sizes, tls };
}
