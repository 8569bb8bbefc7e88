import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Levels a service accepts on `--log-level` (pino's, plus `silent` for tests). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

export interface LoggerOptions {
  level?: LogLevel;
  serverId?: number;
  /** Where JSON lines go; stdout when omitted (tests pass a collecting stream). */
  destination?: DestinationStream;
}

/** A log file opened for appending; `reopen()` starts a new one after logrotate moved it. */
export interface LogFile extends DestinationStream {
  reopen(): void;
}

/**
 * Appends to `path` (its directory is created). Several processes of a host may share one file:
 * it is opened with O_APPEND and every line is one write, so lines never interleave. Writes are
 * synchronous, so the last lines before a crash are on disk.
 */
export function openLogFile(path: string): LogFile {
  return pino.destination({ dest: path, append: true, mkdir: true, sync: true });
}

/**
 * A JSON logger for one service. Every line carries `service` (and `serverId` when known) so the
 * logs of all hosts and services can be merged and filtered.
 */
export function createLogger(service: string, opts: LoggerOptions = {}): Logger {
  const base: Record<string, unknown> = { service };
  if (opts.serverId !== undefined) base.serverId = opts.serverId;
  return pino(
    { level: opts.level ?? 'info', base, timestamp: pino.stdTimeFunctions.isoTime },
    opts.destination ?? pino.destination(1),
  );
}
