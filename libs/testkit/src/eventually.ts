import { inspect } from 'node:util';

/** What a probe returns while its condition does not hold yet: anything falsy. */
export type NotYet = undefined | null | false | 0 | '';

export interface EventuallyOptions {
  /** Give up after this long (default 5000 ms). */
  timeoutMs?: number;
  /** Time between two probes (default 20 ms). */
  intervalMs?: number;
  /** More for the failure message: what the test saw instead (events, lines, logs). */
  detail?: () => string | Promise<string>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Probes until `probe` returns a truthy value and resolves with it (so a count of 0 or an empty
 * string is "not yet", as in `while (!condition)`); rejects naming `what` after the timeout. A probe that throws counts as "not yet" (a service
 * that is still restarting refuses a fetch), and the last error is quoted when it gives up. The
 * probe may be async; the next probe starts only after the last one settled.
 *
 * For a line from an IRC client use its waitFor(), which wakes on the data instead of polling.
 */
export async function eventually<T>(
  what: string,
  probe: () => T | NotYet | Promise<T | NotYet>,
  options: EventuallyOptions = {},
): Promise<T> {
  const { timeoutMs = 5000, intervalMs = 20 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const parts = [`timed out after ${timeoutMs} ms waiting for ${what}`];
      if (lastError !== undefined)
        parts.push(`last probe threw: ${lastError instanceof Error ? lastError.message : describeThrown(lastError)}`);
      if (options.detail) parts.push(await options.detail());
      throw new Error(parts.join('\n'));
    }
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}

/**
 * Waits `ms` on purpose. Only for a test whose point is that something does NOT happen within that
 * time (no QUIT before a restart, no duplicate); `why` says which, at the call site. Never a
 * barrier: to wait for something that does happen, wait for it (eventually(), waitFor()).
 */
export function quietPeriod(ms: number, why: string): Promise<void> {
  if (!why) throw new Error('quietPeriod needs the reason the test waits');
  return sleep(ms);
}

/** A thrown non-Error as text: a string as is, anything else as util.inspect shows it. */
function describeThrown(thrown: unknown): string {
  return typeof thrown === 'string' ? thrown : inspect(thrown);
}
