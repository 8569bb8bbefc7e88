import { ConnectionLimits, normalizeIp, Refusal } from './connection-limits';

describe('ConnectionLimits', () => {
  it('refuses with "Server is full" past maxConnections', () => {
    const limits = new ConnectionLimits({ maxConnections: 2, maxConnectionsPerIp: 10 });
    expect(limits.admit('127.0.0.1')).toBeUndefined();
    expect(limits.admit('127.0.0.2')).toBeUndefined();
    expect(limits.admit('127.0.0.3')).toBe(Refusal.serverFull);
    expect(Refusal.serverFull).toBe('Server is full');
    expect(limits.connections).toBe(2);
  });

  it('refuses a single IP past maxConnectionsPerIp while others still get in', () => {
    const limits = new ConnectionLimits({ maxConnections: 10, maxConnectionsPerIp: 2 });
    limits.admit('127.0.0.1');
    limits.admit('127.0.0.1');
    expect(limits.admit('127.0.0.1')).toBe('Too many connections from your IP address');
    expect(limits.admit('127.0.0.2')).toBeUndefined();
  });

  it('frees the slot on release', () => {
    const limits = new ConnectionLimits({ maxConnections: 1, maxConnectionsPerIp: 1 });
    limits.admit('127.0.0.1');
    limits.release('127.0.0.1');
    expect(limits.connections).toBe(0);
    expect(limits.connectionsFrom('127.0.0.1')).toBe(0);
    expect(limits.admit('127.0.0.1')).toBeUndefined();
  });

  it('ignores a release for an IP it does not count', () => {
    const limits = new ConnectionLimits({ maxConnections: 1, maxConnectionsPerIp: 1 });
    limits.release('127.0.0.9');
    expect(limits.connections).toBe(0);
  });
});

describe('normalizeIp', () => {
  it('strips the IPv4-mapped IPv6 prefix', () => {
    expect(normalizeIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeIp('::1')).toBe('::1');
  });
});
