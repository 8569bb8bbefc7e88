import type { Logger } from './logger';

/** What onShutdown needs from `process`; tests pass a fake. */
export interface ShutdownProcess {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  exit(code: number): void;
}

/**
 * On the first SIGINT/SIGTERM runs `fn` once (draining NATS, closing sockets) and exits 0, or 1
 * if it failed. A second signal exits at once, for the operator whose shutdown is stuck.
 */
export function onShutdown(logger: Logger, fn: () => Promise<void> | void, proc: ShutdownProcess = process): void {
  let stopping = false;
  const handle = (signal: 'SIGINT' | 'SIGTERM') => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      proc.exit(1);
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    Promise.resolve()
      .then(fn)
      .then(
        () => {
          logger.info('stopped');
          proc.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          proc.exit(1);
        },
      );
  };
  proc.on('SIGINT', () => handle('SIGINT'));
  proc.on('SIGTERM', () => handle('SIGTERM'));
}
