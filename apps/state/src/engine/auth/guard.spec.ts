import { DEFAULTS } from '@portalchat/config';
import type { Connection } from '../../model/types';
import { AuthGuard, type PendingCheck } from './guard';

const LIMITS = { ...DEFAULTS.auth, freeFailuresPerIp: 2, forgetAfterSeconds: 600 };

function conn(key: string, ip: string): Connection {
  return { key, ip } as Connection;
}

const check = (key: string): PendingCheck => ({ kind: 'oper', conn: key, operator: 'root' });

describe('AuthGuard', () => {
  it('hands each check out once, with its candidate, then forgets the candidate', () => {
    const guard = new AuthGuard(LIMITS);
    const a = conn('gw1:1', '10.0.0.1');
    guard.request(a, check(a.key), 'hash', 'secret');
    expect(a.passwordCheck).toBe(1);
    expect(guard.takeRequests()).toEqual([{ id: 1, passwordHash: 'hash', candidate: 'secret' }]);
    expect(guard.takeRequests()).toEqual([]);
    expect(guard.resolve(1)).toEqual(check(a.key));
    expect(guard.resolve(1)).toBeUndefined();
  });

  it('a snapshot holds pending checks and IP failures, never a candidate; restored checks come back without one', () => {
    const guard = new AuthGuard(LIMITS);
    const a = conn('gw1:1', '10.0.0.1');
    guard.failed(a, 1000, { mechanism: 'oper', name: 'root', reason: 'wrong-password' });
    guard.request(a, check(a.key), 'hash', 'hunter2');
    const data = guard.captureData();
    expect(JSON.stringify(data)).not.toContain('hunter2');
    const restored = new AuthGuard(LIMITS);
    restored.restoreData(structuredClone(data));
    expect(restored.takeRequests()).toEqual([{ id: 1, passwordHash: '', candidate: undefined }]);
    // The IP's failure came along: one more and the IP must wait.
    restored.failed(conn('gw1:2', '10.0.0.1'), 2000, { mechanism: 'oper', name: 'root', reason: 'wrong-password' });
    expect(restored.waitMs(conn('gw1:3', '10.0.0.1'), 2000)).toBe(2000);
    // Ids go on from where they were.
    restored.request(a, check(a.key), 'hash', 'x');
    expect(a.passwordCheck).toBe(2);
  });

  it('forgets IPs quiet for forgetAfterSeconds when it sweeps', () => {
    const guard = new AuthGuard(LIMITS);
    guard.failed(conn('gw1:1', '10.0.0.1'), 0, { mechanism: 'oper', name: 'x', reason: 'unknown-name' });
    const busy = conn('gw1:2', '10.0.0.2');
    for (let i = 0; i < 255; i++) guard.failed(busy, 700_000, { mechanism: 'oper', name: 'x', reason: 'unknown-name' });
    expect(guard.captureData().ipFailures.map(([ip]) => ip)).toEqual(['10.0.0.2']);
  });
});
