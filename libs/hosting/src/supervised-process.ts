import type { ServiceExit } from './service';

export type HostLogLevel = 'info' | 'warn' | 'error';
/** Host-level messages: progress at info, crashes at warn, crash loops and failed restarts at error. */
export type HostLog = (message: string, level?: HostLogLevel) => void;

/** What a supervisor needs of a running process: a service, or the host's own nats-server. */
export interface SupervisedProcess {
  pid: number;
  /** Resolves when the process has exited, for any reason. */
  exited: Promise<ServiceExit>;
  isRunning(): boolean;
  /** SIGTERM, SIGKILL after a grace period; resolves once it has exited. */
  stop(): Promise<void>;
}

/** A process just started; `ready` resolves once it serves and rejects if it died or never got ready. */
export interface Launched<T> {
  process: T;
  ready: Promise<void>;
}

export function describeExit(exit: ServiceExit): string {
  return exit.code !== null ? `exit code ${exit.code}` : `signal ${exit.signal ?? 'unknown'}`;
}
