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
  let running = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    running--;
    waiting.shift()?.();
  };
  return (candidate, passwordHash) =>
    new Promise<boolean>((resolve, reject) => {
      const run = () => {
        running++;
        check(candidate, passwordHash).then(resolve, reject).finally(next);
      };
      if (running < concurrency) run();
      else waiting.push(run);
    });
}
