/**
 * Wraps a callback that Node calls from its event loop (a socket or timer callback) so that an
 * exception is handed to `onError` instead of escaping: an uncaught exception would end the
 * process and with it every client, for a fault that concerns one of them. `onError` should log
 * and drop what failed; if it throws too, that is swallowed, as there is no one left to tell.
 */
export function guarded<A extends unknown[]>(
  onError: (err: unknown) => void,
  fn: (...args: A) => void,
): (...args: A) => void {
  return (...args: A) => {
    try {
      fn(...args);
    } catch (err) {
      try {
        onError(err);
      } catch {
        // The error handler failed as well; keeping the process up matters more.
      }
    }
  };
}
