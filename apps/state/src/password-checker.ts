/**
 * Runs password checks (scrypt on libuv's thread pool, ~40 ms of CPU each) at most `concurrency`
 * at once, the rest in arrival order: a flood of attempts then costs state's host that many cores
 * at most, and the event loop keeps the others (config `auth.concurrentChecks`). The queue is
 * bounded by the connections: each has at most one check pending (engine/auth/guard.ts).
 */
export function rationedChecker(
  concurrency: number,
  check: (candidate: string, passwordHash: string) => Promise<boolean>,
): (candidate: string, passwordHash: string) => Promise<boolean> {
  return rationing(concurrency)(check);
}

/**
 * The rationing itself, for several kinds of work that share the allowance: password checks and
 * the key derivations of REGISTER (app.ts wraps both with one).
 */
export function rationing(
  concurrency: number,
): <A extends unknown[], R>(work: (...args: A) => Promise<R>) => (...args: A) => Promise<R> {
  let running = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    running--;
    waiting.shift()?.();
  };
  return (work) =>
    (...args) =>
      new Promise((resolve, reject) => {
        const run = () => {
          running++;
          work(...args)
            .then(resolve, reject)
            .finally(next);
        };
        if (running < concurrency) run();
        else waiting.push(run);
      });
}
