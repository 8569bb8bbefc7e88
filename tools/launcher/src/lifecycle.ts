/**
 * How the launcher and the standalone host end: once, in order, whatever the cause.
 *
 * - SIGINT (Ctrl-C), SIGTERM, SIGHUP (terminal closed): stop everything, exit 0; unless the
 *   caller gives `onHangup`: then SIGHUP runs that instead (a daemon's reload).
 * - A second signal while stopping: give up waiting and exit 1 at once. The children still die:
 *   @portalchat/hosting SIGKILLs them from an exit hook (and the kernel does, via pdeathsig).
 * - An uncaught exception or rejection: log it, stop everything, exit 1.
 * - `shutdown(reason, code)` from the caller (a service died): the same path.
 */

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Longest a clean stop may take before we exit anyway (services get 3 s before SIGKILL). */
const STOP_DEADLINE_MS = 10_000;

export type Shutdown = (reason: string, exitCode: number) => void;

export function installShutdown(
  stop: () => Promise<void>,
  log: (message: string) => void,
  onHangup?: () => void,
): Shutdown {
  let stopping = false;

  const shutdown: Shutdown = (reason, exitCode) => {
    if (stopping) return;
    stopping = true;
    log(`stopping: ${reason}`);
    const deadline = setTimeout(() => {
      log(`still stopping after ${STOP_DEADLINE_MS / 1000} s; exiting anyway`);
      process.exit(1);
    }, STOP_DEADLINE_MS);
    deadline.unref();
    stop().then(
      () => process.exit(exitCode),
      (err: unknown) => {
        log(`error while stopping: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };

  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (signal === 'SIGHUP' && onHangup && !stopping) {
        onHangup();
        return;
      }
      if (stopping) {
        log(`${signal} again: exiting now`);
        process.exit(1);
      }
      shutdown(`received ${signal}`, 0);
    });
  }
  process.on('uncaughtException', (err) => shutdown(`crashed: ${err.stack ?? err.message}`, 1));
  process.on('unhandledRejection', (err) =>
    shutdown(`crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, 1),
  );
  return shutdown;
}
