import { PAUSE_LIMIT_MS } from './generator/sequence-log';
import type { Row, Table } from './report';
import type { FaultResult, RestartResult } from './scenarios/restart';

const seconds = (ms: number) => `${ms / 1000} s`;

/**
 * The restart scenario's table: one column per fault, one row per figure. A view check that
 * failed shows as 0 in its row and, with what differed, as a note; so does a fault that could
 * not be measured and a run that did not start from one view.
 */
export function restartTable(result: RestartResult | undefined): Table {
  const faults = result?.faults ?? [];
  const columns = faults.map((f) => f.fault.label);
  const row = (metric: string, better: Row['better'], pick: (f: FaultResult) => number | undefined): Row => ({
    metric,
    better,
    values: Object.fromEntries(faults.map((f) => [f.fault.label, pick(f)])),
  });
  const notes: string[] = [];
  for (const f of faults) {
    if (f.convergedMs === undefined)
      notes.push(`${f.fault.label}: the views never converged within the settle period and the drain`);
    if (f.afterProblems.length > 0)
      notes.push(`${f.fault.label}: VIEWS DIFFER after the settle period: ${f.afterProblems.join('; ')}`);
    if (f.beforeProblems.length > 0)
      notes.push(`${f.fault.label}: the views already differed before the kill: ${f.beforeProblems.join('; ')}`);
  }
  for (const failure of result?.failures ?? [])
    notes.push(`${failure.fault.label}: not measured: ${failure.error.split('\n', 1)[0] ?? ''}`);
  const sizes = result?.sizes;
  const title = sizes
    ? `restart: kill -9 under load (${sizes.clients.toLocaleString('en-US')} clients, ${sizes.channels} channels at ${sizes.ratePerChannel}/s, kill ${seconds(sizes.faultAfterMs)} in, ${seconds(sizes.settleMs)} settle)`
    : 'restart: kill -9 under load';
  return {
    title,
    columns,
    rows: [
      row('clients', 'higher', (f) => f.clients),
      row('clients disconnected', 'lower', (f) => f.disconnected),
      row('deliveries expected (clients that stayed)', 'higher', (f) => f.delivery.expected),
      row('messages lost', 'lower', (f) => f.delivery.lost),
      row('messages duplicated', 'lower', (f) => f.delivery.duplicated),
      row('messages reordered', 'lower', (f) => f.delivery.reordered),
      row('longest pause ms (from the kill on)', 'lower', (f) => Math.round(f.delivery.longestPauseMs)),
      row('longest pause before the kill ms (the load alone)', 'lower', (f) =>
        Math.round(f.delivery.longestPauseBeforeMarkMs),
      ),
      row(`clients with a pause over ${PAUSE_LIMIT_MS / 1000} s`, 'lower', (f) => f.delivery.pausesOverLimit),
      row('process ready again after ms', 'lower', (f) => f.backMs),
      row('time to convergence ms', 'lower', (f) => f.convergedMs),
      row('views identical after settling (1 yes, 0 no)', 'higher', (f) => (f.afterProblems.length === 0 ? 1 : 0)),
    ],
    notes,
  };
}
