import type { Row, Table } from './report';
import type { PhaseResult } from './scenarios/measure';
import type { ScaleoutResult, ScaleoutRun } from './scenarios/scaleout';

/** The column of a run with `gateways` gateways. */
export const gatewaysColumn = (gateways: number): string => `${gateways} gateway${gateways === 1 ? '' : 's'}`;
const RATIO_COLUMN = '2 ÷ 1';

/** CPU seconds of every gateway per 1,000 deliveries (the part a second gateway splits). */
function gatewayCpuPer1000(phase: PhaseResult): number | undefined {
  const gateway = phase.serverCpuByRole['gateway'];
  return gateway === undefined || phase.delivered === 0
    ? undefined
    : Math.round((gateway / phase.delivered) * 1000 * 10_000) / 10_000;
}

/**
 * The scale-out scenario's table: one column per gateway count and their ratio (2 gateways ÷ 1),
 * one row per figure of the fan-out phase and of the saturation ladder.
 */
export function scaleoutTable(result: ScaleoutResult | undefined): Table {
  const runs = result?.runs ?? [];
  const layout = runs[0]?.fanout.layout ?? 'fan-out';
  const row = (metric: string, better: Row['better'], pick: (run: ScaleoutRun) => number | undefined): Row => {
    const values: Row['values'] = {};
    for (const run of runs) values[gatewaysColumn(run.gateways)] = pick(run);
    const one = values[gatewaysColumn(1)];
    const two = values[gatewaysColumn(2)];
    if (one !== undefined && two !== undefined && one !== 0) values[RATIO_COLUMN] = Math.round((two / one) * 100) / 100;
    return { metric, better, values };
  };
  const fanout = (metric: string, better: Row['better'], pick: (phase: PhaseResult) => number | undefined) =>
    row(`${layout.split(' ', 1)[0] ?? layout} ${metric}`, better, (run) => pick(run.fanout.phase));
  const lastPassed = (run: ScaleoutRun) => run.saturation.steps.filter((s) => s.sustained).at(-1)?.phase;
  return {
    title: `scale-out: one host, 1 gateway vs 2 (${layout}, then the saturation ladder)`,
    columns: [gatewaysColumn(1), gatewaysColumn(2), RATIO_COLUMN],
    rows: [
      fanout('deliveries/s', 'higher', (p) => p.deliveriesPerSec),
      fanout('p50 ms', 'lower', (p) => p.latency.p50Ms),
      fanout('p99 ms', 'lower', (p) => p.latency.p99Ms),
      fanout('loss', 'lower', (p) => p.loss),
      fanout('server CPU s / 1,000 deliveries', 'lower', (p) => p.cpuSPer1000),
      fanout('gateway CPU s / 1,000 deliveries', 'lower', gatewayCpuPer1000),
      row('highest sustained deliveries/s (p99 ≤ 100 ms, no loss)', 'higher', (r) => r.saturation.sustainedPerSec),
      row('peak deliveries/s with no loss (overload, p99 ≤ 1 s)', 'higher', (r) => r.saturation.peakNoLossPerSec),
      row('server CPU s / 1,000 deliveries (last passed step)', 'lower', (r) => lastPassed(r)?.cpuSPer1000),
    ],
    notes: runs.map((r) => `${gatewaysColumn(r.gateways)}: saturation stopped: ${r.saturation.stoppedBecause}`),
  };
}
