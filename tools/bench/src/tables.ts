import type { ScenarioName } from './options';
import type { Row, Table } from './report';
import { restartTable } from './restart-table';
import { scaleoutTable } from './scaleout-table';
import { describeFloor } from './scenarios/floors';
import type { LinkResult } from './scenarios/link';
import type { PhaseResult } from './scenarios/measure';
import type { NetworkResult } from './scenarios/network';
import type { RestartResult } from './scenarios/restart';
import type { ScaleoutResult } from './scenarios/scaleout';
import type { ConnectResult, FanoutResult, PrivateResult, SaturationResult } from './scenarios/single-host';
import type { SystemName } from './systems/types';

/** Every system's result of one scenario (absent when it failed or was not run). */
export type ScenarioResults = Partial<Record<SystemName, unknown>>;

function row<T>(
  results: ScenarioResults,
  metric: string,
  better: Row['better'],
  pick: (r: T) => number | undefined,
): Row {
  const values: Row['values'] = {};
  for (const [system, result] of Object.entries(results) as Array<[SystemName, T]>) {
    const value = result === undefined ? undefined : pick(result);
    if (value !== undefined) values[system] = value;
  }
  return { metric, better, values };
}

/** The rows every send phase has. */
function phaseRows<T>(
  results: ScenarioResults,
  label: string,
  phaseOf: (r: T) => PhaseResult | undefined,
  split = false,
): Row[] {
  const p = (f: (phase: PhaseResult) => number) => (r: T) => {
    const phase = phaseOf(r);
    return phase ? f(phase) : undefined;
  };
  return [
    row<T>(
      results,
      `${label} deliveries/s`,
      'higher',
      p((x) => x.deliveriesPerSec),
    ),
    row<T>(
      results,
      `${label} p50 ms`,
      'lower',
      p((x) => x.latency.p50Ms),
    ),
    row<T>(
      results,
      `${label} p99 ms`,
      'lower',
      p((x) => x.latency.p99Ms),
    ),
    row<T>(
      results,
      `${label} max ms`,
      'lower',
      p((x) => x.latency.maxMs),
    ),
    ...(split
      ? [
          row<T>(
            results,
            `${label} same-server p99 ms`,
            'lower',
            p((x) => x.sameServer.p99Ms),
          ),
          row<T>(
            results,
            `${label} cross-server p50 ms`,
            'lower',
            p((x) => x.crossServer.p50Ms),
          ),
          row<T>(
            results,
            `${label} cross-server p99 ms`,
            'lower',
            p((x) => x.crossServer.p99Ms),
          ),
        ]
      : []),
    row<T>(
      results,
      `${label} loss`,
      'lower',
      p((x) => x.loss),
    ),
    row<T>(
      results,
      `${label} server CPU s / 1,000 deliveries`,
      'lower',
      p((x) => x.cpuSPer1000),
    ),
    row<T>(
      results,
      `${label} generator CPU %`,
      'lower',
      p((x) => x.generatorCpuPct),
    ),
  ];
}

const connectRows = (results: ScenarioResults): Row[] => [
  row<ConnectResult>(results, 'registered', 'higher', (r) => r.registered),
  row<ConnectResult>(results, 'failed or dropped', 'lower', (r) => r.failed + r.droppedIdle),
  row<ConnectResult>(results, 'time to all registered ms', 'lower', (r) => r.timeMs),
  row<ConnectResult>(results, 'registrations/s', 'higher', (r) => r.perSec),
  row<ConnectResult>(results, 'registration p50 ms', 'lower', (r) => r.latency.p50Ms),
  row<ConnectResult>(results, 'registration p99 ms', 'lower', (r) => r.latency.p99Ms),
  row<ConnectResult>(results, 'connection window', 'higher', (r) => r.window),
  row<ConnectResult>(results, 'generator CPU s', 'lower', (r) => r.generatorCpuS),
];

const saturationRows = <T>(results: ScenarioResults, pick: (r: T) => SaturationResult): Row[] => [
  row<T>(results, 'highest sustained deliveries/s (p99 ≤ 100 ms, no loss)', 'higher', (r) => pick(r).sustainedPerSec),
  row<T>(results, 'peak deliveries/s with no loss (overload, p99 ≤ 1 s)', 'higher', (r) => pick(r).peakNoLossPerSec),
  row<T>(
    results,
    'p99 ms at 10/s per channel',
    'lower',
    (r) => pick(r).steps.find((s) => s.ratePerChannel === 10)?.phase.latency.p99Ms,
  ),
  row<T>(results, 'server CPU s / 1,000 deliveries (last passed step)', 'lower', (r) => {
    const passed = pick(r).steps.filter((s) => s.sustained);
    return passed.at(-1)?.phase.cpuSPer1000;
  }),
  row<T>(results, 'generator CPU % (last step)', 'lower', (r) => pick(r).steps.at(-1)?.phase.generatorCpuPct),
];

function notesOf<T>(results: ScenarioResults, note: (system: SystemName, r: T) => string | undefined): string[] {
  return (Object.entries(results) as Array<[SystemName, T]>)
    .map(([s, r]) => note(s, r))
    .filter((n): n is string => n !== undefined);
}

export function tablesFor(scenario: ScenarioName, results: ScenarioResults): Table[] {
  switch (scenario) {
    case 'connect':
      return [{ title: 'connect', rows: connectRows(results) }];
    case 'memory':
      return [
        {
          title: 'idle memory (RSS of every process of the host but its warm spares)',
          rows: [
            row<ConnectResult>(results, 'idle clients', 'higher', (r) => r.registered),
            row<ConnectResult>(results, 'RSS before KiB', 'lower', (r) => r.rssBeforeKiB),
            row<ConnectResult>(
              results,
              'RSS before, pages shared between processes once KiB',
              'lower',
              (r) => r.rssBeforeSharedOnceKiB,
            ),
            row<ConnectResult>(results, 'RSS before, warm spares too KiB', 'lower', (r) => r.rssBeforeWithSparesKiB),
            row<ConnectResult>(results, 'RSS 2 s after registering KiB', 'lower', (r) => r.rssAfterKiB),
            row<ConnectResult>(results, 'RSS settled (idle) KiB', 'lower', (r) => r.rssIdleKiB),
            row<ConnectResult>(results, 'KiB per 1,000 clients, settled', 'lower', (r) => r.kibPer1000),
            row<ConnectResult>(results, 'KiB per 1,000 clients, 2 s after', 'lower', (r) => r.kibPer1000At2s),
          ],
        },
      ];
    case 'fanout': {
      const layouts =
        Object.values(results as Partial<Record<SystemName, FanoutResult[]>>)[0]?.map((f) => f.layout) ?? [];
      return layouts.map((layout, i) => ({
        title: `channel fan-out ${layout}`,
        rows: phaseRows<FanoutResult[]>(results, layout.split(' ', 1)[0] ?? layout, (r) => r[i]?.phase),
      }));
    }
    case 'private':
      return [
        {
          title: 'private messages (same server)',
          rows: phaseRows<PrivateResult>(results, 'private', (r) => r.sameServer),
        },
      ];
    case 'saturation':
      return [
        {
          title: 'saturation (one server, channel fan-out)',
          rows: saturationRows<SaturationResult>(results, (r) => r),
          notes: notesOf<SaturationResult>(results, (s, r) => `${s}: stopped: ${r.stoppedBecause}`),
        },
      ];
    case 'network': {
      const network = results as Partial<Record<SystemName, NetworkResult>>;
      // Only the tables of the phases that ran (--network-phases).
      const ran = (phase: 'hold' | 'fanout' | 'private' | 'saturation') =>
        Object.values(network).some((r) => r?.[phase] !== undefined);
      const tables: Table[] = [];
      if (ran('hold'))
        tables.push({
          title: 'network: clients held',
          rows: connectRows(Object.fromEntries(Object.entries(network).map(([s, r]) => [s, r?.hold]))),
        });
      if (ran('fanout'))
        tables.push({
          title: 'network: channel fan-out',
          rows: phaseRows<NetworkResult>(results, 'fan-out', (r) => r.fanout?.phase, true),
        });
      if (ran('private'))
        tables.push({
          title: 'network: private messages across servers',
          rows: phaseRows<NetworkResult>(results, 'private', (r) => r.private?.crossServer, true),
        });
      if (ran('saturation'))
        tables.push({
          title: 'network: saturation',
          rows: [
            ...saturationRows<SaturationResult>(
              Object.fromEntries(Object.entries(network).map(([s, r]) => [s, r?.saturation])),
              (r) => r,
            ),
            row<NetworkResult>(
              results,
              'cross-server p99 ms at half saturation',
              'lower',
              (r) => r.halfSaturation?.crossP99Ms,
            ),
          ],
          notes: notesOf<NetworkResult>(
            results,
            (s, r) => r.saturation && `${s}: stopped: ${r.saturation.stoppedBecause}`,
          ),
        });
      return tables;
    }
    case 'link': {
      const ours = results.portalchat as LinkResult | undefined;
      return [
        {
          title: 'portal link (Portalchat only: two hosts, portals and stand-in states)',
          rows: [
            row<LinkResult>(results, 'burst users', 'higher', (r) => r.burst.users),
            row<LinkResult>(
              results,
              'burst: portal start to the last user at the peer state ms',
              'lower',
              (r) => r.burst.totalMs,
            ),
            row<LinkResult>(
              results,
              'burst: sender ms (state request to last chunk sent)',
              'lower',
              (r) => r.burst.senderMs,
            ),
            row<LinkResult>(results, 'burst: receiver ms', 'lower', (r) => r.burst.receiverMs),
            row<LinkResult>(results, 'events through one link', 'higher', (r) => r.events.count),
            row<LinkResult>(results, 'events/s through one link', 'higher', (r) => r.events.perSec),
          ],
          notes: ours?.floors.map(describeFloor) ?? [],
        },
      ];
    }
    case 'restart':
      return [restartTable(results.portalchat as RestartResult | undefined)];
    case 'scaleout':
      return [scaleoutTable(results.portalchat as ScaleoutResult | undefined)];
  }
}
