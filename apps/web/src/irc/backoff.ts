/**
 * Reconnect delays: 1 s, 2 s, 4 s … up to 60 s, each with up to 30 % random jitter taken from
 * `random` (so a server restart does not bring every browser back in the same second).
 */
export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_MS = 60_000;

export function retryDelay(attempt: number, random: number): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 + 0.3 * Math.min(1, Math.max(0, random))));
}
