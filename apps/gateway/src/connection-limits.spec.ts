import { ConnectionLimits, normalizeIp, Refusal, type ConnectionLimitConfig } from './connection-limits';

const OPEN: ConnectionLimitConfig = {
  maxConnections: 10,
  maxConnectionsPerIp: 10,
  maxUnregisteredPerIp: 10,
  connectBurstPerIp: 100,
  connectsPerSecondPerIp: 100,
};
const make = (limits: Partial<ConnectionLimitConfig>) => new ConnectionLimits({ ...OPEN, ...limits });
const T = 1_000_000;

describe('ConnectionLimits', () => {
  it('refuses with "Server is full" past maxConnections', () => {
    const limits = make({ maxConnections: 2 });
    expect(limits.admit('127.0.0.1', T)).toBeUndefined();
    expect(limits.admit('127.0.0.2', T)).toBeUndefined();
    expect(limits.admit('127.0.0.3', T)).toBe(Refusal.serverFull);
    expect(Refusal.serverFull).toBe('Server is full');
    expect(limits.connections).toBe(2);
  });

  it('refuses a single IP past maxConnectionsPerIp while others still get in', () => {
    const limits = make({ maxConnectionsPerIp: 2 });
    limits.admit('127.0.0.1', T);
    limits.admit('127.0.0.1', T);
    expect(limits.admit('127.0.0.1', T)).toBe('Too many connections from your IP address');
    expect(limits.admit('127.0.0.2', T)).toBeUndefined();
  });

  it('frees the slot on release', () => {
    const limits = make({ maxConnections: 1, maxConnectionsPerIp: 1 });
    limits.admit('127.0.0.1', T);
    limits.release('127.0.0.1', false);
    expect(limits.connections).toBe(0);
    expect(limits.connectionsFrom('127.0.0.1')).toBe(0);
    expect(limits.admit('127.0.0.1', T)).toBeUndefined();
  });

  it('ignores a release for an IP it does not count', () => {
    const limits = make({ maxConnections: 1 });
    limits.release('127.0.0.9', false);
    expect(limits.connections).toBe(0);
  });

  describe('unregistered connections per IP (slowloris)', () => {
    it('refuses past maxUnregisteredPerIp until one registers or leaves', () => {
      const limits = make({ maxUnregisteredPerIp: 2 });
      expect(limits.admit('10.0.0.1', T)).toBeUndefined();
      expect(limits.admit('10.0.0.1', T)).toBeUndefined();
      expect(limits.admit('10.0.0.1', T)).toBe('Too many unregistered connections from your IP address');
      expect(limits.admit('10.0.0.2', T)).toBeUndefined();
      limits.registered('10.0.0.1');
      expect(limits.unregisteredFrom('10.0.0.1')).toBe(1);
      expect(limits.admit('10.0.0.1', T)).toBeUndefined();
      expect(limits.admit('10.0.0.1', T)).toBe(Refusal.tooManyUnregistered);
      limits.release('10.0.0.1', false);
      expect(limits.admit('10.0.0.1', T)).toBeUndefined();
    });

    it('releasing a registered connection leaves the unregistered count alone', () => {
      const limits = make({ maxUnregisteredPerIp: 1 });
      limits.admit('10.0.0.1', T);
      limits.registered('10.0.0.1');
      limits.admit('10.0.0.1', T);
      limits.release('10.0.0.1', true);
      expect(limits.connectionsFrom('10.0.0.1')).toBe(1);
      expect(limits.unregisteredFrom('10.0.0.1')).toBe(1);
      expect(limits.admit('10.0.0.1', T)).toBe(Refusal.tooManyUnregistered);
    });
  });

  describe('connect rate per IP', () => {
    it('admits a burst, then one connect per 1/rate seconds', () => {
      const limits = make({ connectBurstPerIp: 3, connectsPerSecondPerIp: 0.5 });
      for (let i = 0; i < 3; i++) {
        expect(limits.admit('10.0.0.1', T)).toBeUndefined();
        limits.release('10.0.0.1', false);
      }
      expect(limits.admit('10.0.0.1', T)).toBe('Reconnecting too fast, throttled');
      expect(limits.admit('10.0.0.2', T)).toBeUndefined();
      expect(limits.admit('10.0.0.1', T + 1999)).toBe(Refusal.throttled);
      expect(limits.admit('10.0.0.1', T + 2000)).toBeUndefined();
      expect(limits.admit('10.0.0.1', T + 2000)).toBe(Refusal.throttled);
    });

    it('a refused attempt costs nothing, and the burst refills to its size only', () => {
      const limits = make({ connectBurstPerIp: 2, connectsPerSecondPerIp: 1 });
      limits.admit('10.0.0.1', T);
      limits.admit('10.0.0.1', T);
      for (let i = 0; i < 5; i++) expect(limits.admit('10.0.0.1', T + 500)).toBe(Refusal.throttled);
      expect(limits.admit('10.0.0.1', T + 1000)).toBeUndefined();
      const later = T + 3_600_000;
      expect(limits.admit('10.0.0.1', later)).toBeUndefined();
      expect(limits.admit('10.0.0.1', later)).toBeUndefined();
      expect(limits.admit('10.0.0.1', later)).toBe(Refusal.throttled);
    });

    it('prune forgets only the IPs whose bucket is full again', () => {
      const limits = make({ connectBurstPerIp: 2, connectsPerSecondPerIp: 1 });
      limits.admit('10.0.0.1', T);
      limits.admit('10.0.0.2', T + 1500);
      limits.prune(T + 2000);
      expect(limits.trackedIps).toBe(1);
      limits.prune(T + 2500);
      expect(limits.trackedIps).toBe(0);
    });
  });
});

describe('normalizeIp', () => {
  it('strips the IPv4-mapped IPv6 prefix', () => {
    expect(normalizeIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeIp('::1')).toBe('::1');
  });
});
