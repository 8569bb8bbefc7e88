import type { HostConfig } from '@portalchat/config';
import type { HostLog } from '@portalchat/hosting';
import { createLogger, openLogFile, type Logger } from '@portalchat/service';
import { multistream, type DestinationStream } from 'pino';

export interface HostLogger {
  /** For startHost: progress, crashes and restarts. */
  log: HostLog;
  /** The same lines as a pino logger (for the control endpoint). */
  logger: Logger;
}

export interface HostLogOptions {
  /** `launcher` or `host`: shown as `[launcher]` on the console. */
  prefix: string;
  /** Where console lines go (stdout for npm start, stderr for npm run host). */
  write: (line: string) => void;
  /** Console lines as the JSON the file gets (`--json-logs`) instead of readable text. */
  json?: boolean;
  /** The host's file: its log level, and its log file if it names one. */
  config?: HostConfig;
}

const LEVELS: Record<number, string> = { 40: 'WARN ', 50: 'ERROR ', 60: 'FATAL ' };

/** `2025-06-01T12:00:00.000Z [launcher] WARN Chatsrv1: state exited unexpectedly (…)`. */
export function consoleLine(prefix: string, json: string): string {
  const record = JSON.parse(json) as { time?: string; level?: number; msg?: string };
  return `${record.time ?? new Date().toISOString()} [${prefix}] ${LEVELS[record.level ?? 30] ?? ''}${record.msg ?? ''}`;
}

/**
 * The host process's own log: every line carries a timestamp, on the console and, when the host
 * file sets `log.file`, in that file too (as pino JSON with `"service":"host"`, next to the
 * services' own lines), so the file tells the whole story of the host, restarts included.
 */
export function hostLogger({ prefix, write, json = false, config }: HostLogOptions): HostLogger {
  const toConsole: DestinationStream = {
    write: (line: string) => write(json ? line.trimEnd() : consoleLine(prefix, line)),
  };
  const file = config?.log.file;
  const destination =
    file === undefined ? toConsole : multistream([{ stream: toConsole }, { stream: openLogFile(file) }]);
  const logger = createLogger('host', { level: config?.log.level ?? 'info', serverId: config?.server.id, destination });
  const log: HostLog = (message, level = 'info') => logger[level](message);
  return { log, logger };
}
