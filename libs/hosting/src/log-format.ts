/**
 * Turns the services' pino JSON lines into one readable line each for a terminal, e.g.
 * `[Chatsrv1 gateway] INFO  listening irc=127.110.1.43:6667`. Lines that are not pino JSON
 * (a crash trace, nats-server output) pass through with the prefix only.
 */

/** pino's numeric levels. */
const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** Fields every pino line carries that say nothing to a reader of a local run. */
const HIDDEN_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'name', 'v']);

export const OutputMode = {
  /** Prefixed, human-readable lines. */
  Pretty: 'pretty',
  /** The services' JSON lines unchanged (for log shippers and `jq`). */
  Json: 'json',
  /** Nothing forwarded (tests; `onLine` still sees every line). */
  None: 'none',
} as const;
export type OutputMode = (typeof OutputMode)[keyof typeof OutputMode];

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/** One pretty line for `line`, printed by the process `prefix` names. */
export function formatLogLine(prefix: string, line: string): string {
  const head = `[${prefix}]`;
  if (!line.startsWith('{')) return `${head} ${line}`;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${head} ${line}`;
  }
  if (typeof record !== 'object' || record === null) return `${head} ${line}`;

  const level = typeof record['level'] === 'number' ? (LEVEL_NAMES[record['level']] ?? String(record['level'])) : 'INFO';
  const parts = [head, level.padEnd(5)];
  if (record['msg'] !== undefined) parts.push(String(record['msg']));
  for (const [key, value] of Object.entries(record)) {
    if (HIDDEN_FIELDS.has(key) || value === undefined) continue;
    if (key === 'err' && typeof value === 'object' && value !== null && 'stack' in value) {
      parts.push(`\n${String((value as { stack: unknown }).stack)}`);
      continue;
    }
    parts.push(`${key}=${formatValue(value)}`);
  }
  return parts.join(' ');
}
