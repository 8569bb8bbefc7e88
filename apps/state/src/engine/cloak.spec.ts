import { Cloaker } from './cloak';

const cloakHost = (key: string, ip: string, host: string) => new Cloaker(key).cloak(ip, host);

describe('cloakHost', () => {
  const key = 'a-test-key-of-some-length';

  it('gives an IPv4 address three keyed segments, of the /32, /24 and /16, then .IP', () => {
    const cloak = cloakHost(key, '192.0.2.10', '192.0.2.10');
    expect(cloak).toMatch(/^[A-Z2-7]{8}\.[A-Z2-7]{8}\.[A-Z2-7]{8}\.IP$/);
    expect(cloak).not.toContain('192');
    const neighbour = cloakHost(key, '192.0.2.99', '192.0.2.99');
    const otherNet = cloakHost(key, '192.0.3.10', '192.0.3.10');
    // Same /24: the last two segments agree, so `*.<h2>.<h3>.IP` bans the block.
    expect(neighbour.split('.').slice(1)).toEqual(cloak.split('.').slice(1));
    expect(neighbour.split('.')[0]).not.toBe(cloak.split('.')[0]);
    expect(otherNet.split('.')[1]).not.toBe(cloak.split('.')[1]);
    expect(otherNet.split('.')[2]).toBe(cloak.split('.')[2]);
  });

  it('is the same for the same key (every server, every replay) and differs with another key', () => {
    expect(cloakHost(key, '198.51.100.7', '198.51.100.7')).toBe(cloakHost(key, '198.51.100.7', '198.51.100.7'));
    expect(cloakHost('another-key-entirely', '198.51.100.7', '198.51.100.7')).not.toBe(
      cloakHost(key, '198.51.100.7', '198.51.100.7'),
    );
  });

  it('cloaks IPv6 by /128, /64 and /48, whatever way the address is written; a mapped IPv4 as IPv4', () => {
    const a = cloakHost(key, '2001:db8:1:2::5', '2001:db8:1:2::5');
    expect(a).toBe(
      cloakHost(key, '2001:0db8:0001:0002:0000:0000:0000:0005', '2001:0db8:0001:0002:0000:0000:0000:0005'),
    );
    expect(cloakHost(key, '2001:db8:1:2::6', '2001:db8:1:2::6').split('.').slice(1)).toEqual(a.split('.').slice(1));
    expect(cloakHost(key, '::ffff:192.0.2.10', '::ffff:192.0.2.10')).toBe(cloakHost(key, '192.0.2.10', '192.0.2.10'));
  });

  it('keeps the last two labels of a host name', () => {
    expect(cloakHost(key, '192.0.2.10', 'dsl-12.pool.example.net')).toMatch(/^[A-Z2-7]{8}\.example\.net$/);
  });
});

describe('Cloaker', () => {
  const key = 'a-test-key-of-some-length';
  const addresses: [string, string][] = [
    ['192.0.2.10', '192.0.2.10'],
    ['192.0.2.11', '192.0.2.11'],
    ['192.0.3.10', '192.0.3.10'],
    ['2001:db8:1:2::5', '2001:db8:1:2::5'],
    ['::ffff:192.0.2.10', '::ffff:192.0.2.10'],
    ['192.0.2.10', 'dsl-12.pool.example.net'],
  ];

  it('makes the cloaks cloakHost makes, whether a segment is remembered or not', () => {
    const cloaker = new Cloaker(key);
    for (let round = 0; round < 2; round++)
      for (const [ip, host] of addresses) expect(cloaker.cloak(ip, host)).toBe(cloakHost(key, ip, host));
  });

  it('still makes the right cloaks once it has forgotten what it remembered (full)', () => {
    const cloaker = new Cloaker(key, 2);
    for (let round = 0; round < 3; round++)
      for (const [ip, host] of addresses) expect(cloaker.cloak(ip, host)).toBe(cloakHost(key, ip, host));
  });

  it('cloaks with its own key only', () => {
    const other = new Cloaker('another-key-entirely');
    expect(other.cloak('192.0.2.10', '192.0.2.10')).toBe(cloakHost('another-key-entirely', '192.0.2.10', '192.0.2.10'));
    expect(other.cloak('192.0.2.10', '192.0.2.10')).not.toBe(new Cloaker(key).cloak('192.0.2.10', '192.0.2.10'));
  });
});
