import type { SystemName } from './systems/types';

/** One figure per system (or per column); `better` says which way the best peer is chosen. */
export interface Row {
  metric: string;
  better: 'higher' | 'lower';
  values: Partial<Record<string, number>>;
}

export interface Table {
  title: string;
  rows: Row[];
  notes?: string[];
  /**
   * Columns of a table that compares no systems (one system's figures under several
   * conditions): `values` are keyed by these, and there is no ratio column.
   */
  columns?: string[];
}

const OURS: SystemName = 'portalchat';

/** Ours divided by the best peer's figure (best = highest or lowest as the row says). */
export function ratioToBestPeer(row: Row): number | undefined {
  const ours = row.values[OURS];
  const peers = (Object.entries(row.values) as Array<[SystemName, number]>).filter(
    ([name, v]) => name !== OURS && Number.isFinite(v),
  );
  if (ours === undefined || peers.length === 0) return undefined;
  const best = row.better === 'higher' ? Math.max(...peers.map(([, v]) => v)) : Math.min(...peers.map(([, v]) => v));
  if (best === 0) return ours === 0 ? 1 : undefined;
  return ours / best;
}

function cell(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : String(Math.round(value * 1000) / 1000);
}

/** A Markdown table (readable in a terminal as well). */
export function formatTable(table: Table, systems: readonly SystemName[]): string {
  const columns = table.columns;
  const header = columns ? ['metric', ...columns] : ['metric', ...systems, 'ours ÷ best peer'];
  const lines = [
    `### ${table.title}`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
  ];
  for (const row of table.rows) {
    const arrow = row.better === 'higher' ? '↑' : '↓';
    if (columns) {
      lines.push(`| ${row.metric} ${arrow} | ${columns.map((c) => cell(row.values[c])).join(' | ')} |`);
      continue;
    }
    const ratio = ratioToBestPeer(row);
    lines.push(
      `| ${row.metric} ${arrow} | ${systems.map((s) => cell(row.values[s])).join(' | ')} | ${ratio === undefined ? '–' : `${ratio.toFixed(2)}×`} |`,
    );
  }
  for (const note of table.notes ?? []) lines.push('', `- ${note}`);
  return `${lines.join('\n')}\n`;
}
