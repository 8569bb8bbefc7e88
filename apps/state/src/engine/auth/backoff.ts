import type { AuthLimits } from '@portalchat/config';

/**
 * The back-off of failed password attempts, for one connection or one IP: a few failures are
 * free, then each next attempt must wait a delay that doubles per failure, up to a cap; a key
 * quiet for long enough starts afresh. Pure: the engine passes its clock's `now`, so a replay
 * of the journal makes the same decisions.
 */

/** Failures so far and when the last one was (ms since the epoch). */
export interface BackoffEntry {
  failures: number;
  lastAt: number;
}

export interface BackoffPolicy {
  /** Failures after which the next attempt waits (≥ 1; the config refuses 0). */
  free: number;
  baseMs: number;
  maxMs: number;
  /** An entry older than this is forgotten (≥ maxMs, so no wait is cut short). */
  forgetMs: number;
}

/** The connection and IP policies of a host's `auth` section. */
export function backoffPolicies(limits: AuthLimits): { connection: BackoffPolicy; ip: BackoffPolicy } {
  const shared = {
    baseMs: limits.backoffSeconds * 1000,
    maxMs: limits.maxBackoffSeconds * 1000,
    forgetMs: limits.forgetAfterSeconds * 1000,
  };
  return {
    connection: { free: limits.freeFailuresPerConnection, ...shared },
    ip: { free: limits.freeFailuresPerIp, ...shared },
  };
}

/** Milliseconds before the next attempt may be checked; 0: now. */
export function backoffWaitMs(entry: BackoffEntry | undefined, now: number, policy: BackoffPolicy): number {
  if (!entry || isForgotten(entry, now, policy) || entry.failures < policy.free) return 0;
  // 2^n overflows to Infinity for a huge count, and min() caps that too.
  const delay = Math.min(policy.maxMs, policy.baseMs * 2 ** (entry.failures - policy.free));
  return Math.max(0, entry.lastAt + delay - now);
}

/** The entry after one more failure at `now`. */
export function afterFailure(entry: BackoffEntry | undefined, now: number, policy: BackoffPolicy): BackoffEntry {
  const failures = !entry || isForgotten(entry, now, policy) ? 1 : entry.failures + 1;
  return { failures, lastAt: now };
}

export function isForgotten(entry: BackoffEntry, now: number, policy: BackoffPolicy): boolean {
  return now - entry.lastAt >= policy.forgetMs;
}
