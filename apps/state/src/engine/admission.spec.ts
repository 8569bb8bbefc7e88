import { admitConnection } from './admission';
import { Harness } from '../testing/harness';

describe('admitConnection', () => {
  const limits = { maxConnections: 3, maxConnectionsPerIp: 2 };

  it.each([
    [{ total: 0, fromIp: 0 }, undefined],
    [{ total: 2, fromIp: 1 }, undefined],
    [{ total: 3, fromIp: 0 }, 'Server is full'],
    [{ total: 2, fromIp: 2 }, 'Too many connections from your IP address'],
  ])('with %j answers %s', (counts, expected) => {
    expect(admitConnection(counts, limits)).toBe(expected);
  });
});

describe('host-wide connection limits', () => {
  it('refuses a connection over the per-IP limit with ERROR and counts freed slots again', () => {
    const h = new Harness({ limits: { maxConnections: 10, maxConnectionsPerIp: 2 } });
    const a = h.connect('a', { ip: '127.0.0.7' });
    h.connect('b', { ip: '127.0.0.7' });
    const refused = h.connectUnregistered({ ip: '127.0.0.7' });
    expect(refused.lines()).toEqual(['ERROR :Closing Link: 127.0.0.7 (Too many connections from your IP address)']);
    expect(refused.closed).toBe(true);
    a.send('QUIT');
    const admitted = h.connectUnregistered({ ip: '127.0.0.7' });
    expect(admitted.closed).toBe(false);
    expect(h.engine.state.localUserCount()).toBe(1);
  });
});
