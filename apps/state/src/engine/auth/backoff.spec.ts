import { DEFAULTS } from '@portalchat/config';
import { afterFailure, backoffPolicies, backoffWaitMs, type BackoffEntry, type BackoffPolicy } from './backoff';

const POLICY: BackoffPolicy = { free: 3, baseMs: 2000, maxMs: 10_000, forgetMs: 60_000 };

/** The entry after `n` failures, one a second from t = 0. */
function failed(n: number): BackoffEntry | undefined {
  let entry: BackoffEntry | undefined;
  for (let i = 0; i < n; i++) entry = afterFailure(entry, i * 1000, POLICY);
  return entry;
}

describe('password back-off', () => {
  it('lets the free failures through at once', () => {
    expect(backoffWaitMs(undefined, 0, POLICY)).toBe(0);
    expect(backoffWaitMs(failed(2), 1000, POLICY)).toBe(0);
  });

  it('then waits a delay that doubles per failure, from the last one', () => {
    // Third failure at t = 2000: the next attempt waits 2 s from it.
    expect(backoffWaitMs(failed(3), 2000, POLICY)).toBe(2000);
    expect(backoffWaitMs(failed(3), 3500, POLICY)).toBe(500);
    expect(backoffWaitMs(failed(3), 4000, POLICY)).toBe(0);
    expect(backoffWaitMs(failed(4), 3000, POLICY)).toBe(4000);
    expect(backoffWaitMs(failed(5), 4000, POLICY)).toBe(8000);
  });

  it('caps the delay, even after a huge number of failures', () => {
    expect(backoffWaitMs(failed(6), 5000, POLICY)).toBe(10_000);
    expect(backoffWaitMs({ failures: 5000, lastAt: 0 }, 0, POLICY)).toBe(10_000);
  });

  it('forgets a key quiet for forgetMs: counting starts again at one', () => {
    const entry = failed(6);
    expect(backoffWaitMs(entry, 5000 + 60_000, POLICY)).toBe(0);
    expect(afterFailure(entry, 5000 + 60_000, POLICY)).toEqual({ failures: 1, lastAt: 65_000 });
    expect(afterFailure(entry, 6000, POLICY)).toEqual({ failures: 7, lastAt: 6000 });
  });

  it('one free failure: the attempt after it waits the base delay', () => {
    const strict = { ...POLICY, free: 1 };
    expect(backoffWaitMs(afterFailure(undefined, 0, strict), 0, strict)).toBe(2000);
  });

  it('reads the policies from the auth section', () => {
    const { connection, ip } = backoffPolicies(DEFAULTS.auth);
    expect(connection).toEqual({ free: 3, baseMs: 2000, maxMs: 300_000, forgetMs: 900_000 });
    expect(ip.free).toBe(10);
  });
});
