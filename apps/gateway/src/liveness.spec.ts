import { LivenessTracker } from './liveness';

const limits = { registrationTimeoutSeconds: 10, pingIntervalSeconds: 60, pingTimeoutSeconds: 30 };

describe('LivenessTracker', () => {
  it('closes a connection not registered within the timeout', () => {
    const t = new LivenessTracker<number>(limits);
    t.add(1, 0);
    expect(t.sweep(9_999)).toEqual([]);
    expect(t.sweep(10_000)).toEqual([{ key: 1, kind: 'close', reason: 'Registration timed out' }]);
    expect(t.sweep(11_000)).toEqual([]);
  });

  it('does not time out a registered connection for registration', () => {
    const t = new LivenessTracker<number>(limits);
    t.add(1, 0);
    t.registered(1);
    expect(t.sweep(20_000)).toEqual([]);
  });

  it('pings an idle connection once, then times it out', () => {
    const t = new LivenessTracker<number>(limits);
    t.add(1, 0);
    t.registered(1);
    expect(t.sweep(60_000)).toEqual([{ key: 1, kind: 'ping' }]);
    expect(t.sweep(70_000)).toEqual([]);
    expect(t.sweep(90_000)).toEqual([{ key: 1, kind: 'close', reason: 'Ping timeout: 90 seconds' }]);
    expect(t.size).toBe(0);
  });

  it('counts any line as activity, restarting the idle time', () => {
    const t = new LivenessTracker<number>(limits);
    t.add(1, 0);
    t.registered(1);
    expect(t.sweep(60_000)).toEqual([{ key: 1, kind: 'ping' }]);
    t.activity(1, 65_000);
    expect(t.sweep(95_000)).toEqual([]);
    expect(t.sweep(125_000)).toEqual([{ key: 1, kind: 'ping' }]);
  });

  it('forgets removed connections', () => {
    const t = new LivenessTracker<number>(limits);
    t.add(1, 0);
    t.remove(1);
    expect(t.sweep(100_000)).toEqual([]);
  });
});
