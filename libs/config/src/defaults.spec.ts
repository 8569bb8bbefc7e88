import { join, resolve } from 'node:path';
import { DEFAULTS } from './defaults';
import { parseHostConfig } from './load';

const MINIMAL = 'server: { name: Mini, id: 7 }\n';

describe('host config defaults', () => {
  it('fills every limit and flood setting from DEFAULTS', () => {
    const config = parseHostConfig(MINIMAL, '<inline>');
    expect(config.limits).toEqual({
      maxConnections: 1000,
      maxConnectionsPerIp: 10,
      maxUnregisteredPerIp: 3,
      connectBurstPerIp: 10,
      connectsPerSecondPerIp: 0.2,
      registrationTimeoutSeconds: 30,
      pingIntervalSeconds: 90,
      pingTimeoutSeconds: 60,
      sendQBytes: 1048576,
      nickLength: 30,
      channelLength: 200,
      topicLength: 390,
      kickLength: 255,
      awayLength: 255,
      userLength: 10,
      realnameLength: 150,
      monitorEntries: 100,
      maxChannelsPerUser: 50,
      maxListEntries: 100,
      maxTargets: 4,
      modesPerCommand: 6,
      whowasHistory: 100,
      gatewayLostSeconds: 15,
      stateAwaySeconds: 30,
    });
    expect(config.flood).toEqual({ burst: 10, linesPerSecond: 4, maxQueuedLines: 50 });
    expect(config.limits).toEqual(DEFAULTS.limits);
  });

  it('listens on 127.0.0.1:6667 and puts every other endpoint on that host', () => {
    const config = parseHostConfig(MINIMAL, '<inline>');
    expect(config.listen).toEqual({
      irc: [{ host: '127.0.0.1', port: 6667 }],
      ircTls: [],
      websocket: [],
      health: {
        gateway: { host: '127.0.0.1', port: 8080 },
        state: { host: '127.0.0.1', port: 8081 },
        portal: { host: '127.0.0.1', port: 8082 },
      },
      portal: { host: '127.0.0.1', port: 6665 },
      control: { host: '127.0.0.1', port: 8083 },
    });
    expect(config.nats.url).toBe('nats://127.0.0.1:4222');
  });

  it('derives NATS, health and portal endpoints from the first IRC listen host', () => {
    const config = parseHostConfig(
      'server: { name: A, id: 1 }\nlisten:\n  irc: [{ host: 127.9.9.9, port: 7000 }, { host: 127.0.0.1 }]\n  health: { state: { port: 9001 } }\n',
    );
    expect(config.listen.irc).toEqual([
      { host: '127.9.9.9', port: 7000 },
      { host: '127.0.0.1', port: 6667 },
    ]);
    expect(config.listen.health.gateway).toEqual({ host: '127.9.9.9', port: 8080 });
    expect(config.listen.health.state).toEqual({ host: '127.9.9.9', port: 9001 });
    expect(config.listen.portal).toEqual({ host: '127.9.9.9', port: 6665 });
    expect(config.listen.control).toEqual({ host: '127.9.9.9', port: 8083 });
    expect(config.nats.url).toBe('nats://127.9.9.9:4222');
  });

  it('keeps the default NATS on loopback when the IRC host faces outside, with per-service credentials', () => {
    const config = parseHostConfig('server: { name: A, id: 1 }\nlisten: { irc: [{ host: 192.0.2.10 }] }\n');
    expect(config.listen.health.state).toEqual({ host: '192.0.2.10', port: 8081 });
    expect(config.nats).toEqual({ url: 'nats://127.0.0.1:4222', auth: 'generated', gateways: [] });
  });

  it('brackets an IPv6 listen host in the default NATS URL', () => {
    const config = parseHostConfig('server: { name: A, id: 1 }\nlisten: { irc: [{ host: "::1" }] }\n');
    expect(config.nats.url).toBe('nats://[::1]:4222');
  });

  it('fills server, gateway, host, portal, admin, motd, operators and portals', () => {
    const config = parseHostConfig(MINIMAL, '<inline>');
    expect(config.server).toEqual({ name: 'Mini', id: 7, description: '', network: 'Portalchat' });
    expect(config.gateway).toEqual({ id: 'gw1', redirectTo: [], websocketOrigins: [] });
    expect(config.host).toEqual({ warmSpares: true });
    const caDir = join(config.dataDir, 'tls', 'ca');
    expect(config.portal).toEqual({
      splitGraceMs: 5000,
      holdMaxEvents: 100_000,
      holdMaxBytes: 33_554_432,
      // A certificate of its own, from a CA the host makes, naming the portal's address.
      tls: { cert: 'generated', caDir, names: ['127.0.0.1'] },
    });
    expect(config.admin).toEqual({ location1: 'Mini', location2: 'Portalchat network', email: 'admin@localhost' });
    expect(config.motd).toEqual(['Welcome to Mini on the Portalchat network.']);
    expect(config.operators).toEqual([]);
    expect(config.portals).toEqual([]);
    expect(config.log).toEqual({ level: 'info' });
    expect(config.source).toBe('<inline>');
  });

  it('keeps admin lines the file gives and defaults the rest', () => {
    const config = parseHostConfig(`${MINIMAL}admin: { email: ops@example.org }\n`);
    expect(config.admin).toEqual({ location1: 'Mini', location2: 'Portalchat network', email: 'ops@example.org' });
  });

  it('puts dataDir at ./data/<server name> beside the config file', () => {
    const config = parseHostConfig(MINIMAL, '/etc/portalchat/mini.yaml');
    expect(config.dataDir).toBe('/etc/portalchat/data/Mini');
  });

  it('resolves a relative dataDir against the config file directory', () => {
    const config = parseHostConfig(`${MINIMAL}dataDir: ../var/mini\n`, '/etc/portalchat/mini.yaml');
    expect(config.dataDir).toBe('/etc/var/mini');
  });

  it('resolves dataDir of inline text against the current directory', () => {
    expect(parseHostConfig(MINIMAL).dataDir).toBe(resolve('data/Mini'));
  });

  it('treats a section with every field commented out as absent', () => {
    const config = parseHostConfig(`${MINIMAL}limits:\n  # maxConnections: 5\noperators:\n`);
    expect(config.limits.maxConnections).toBe(1000);
    expect(config.operators).toEqual([]);
  });

  it('asks no server password by default, and takes a hashed one (server.passwordHash)', () => {
    expect(parseHostConfig(MINIMAL).server.passwordHash).toBeUndefined();
    const hash = 'scrypt$16384$8$1$AAAA$BBBB';
    expect(parseHostConfig(`server: { name: Mini, id: 7, passwordHash: "${hash}" }\n`).server.passwordHash).toBe(hash);
    // The plain password where its hash belongs is refused without being echoed.
    expect(() => parseHostConfig('server: { name: Mini, id: 7, passwordHash: hunter22 }\n')).toThrow(
      'server.passwordHash: expected a hash like scrypt$N$r$p$salt$hash (make one with tools/hash-password.js), got a string of 8 characters (not shown: a secret)',
    );
  });

  it('defaults operator level to sysop and portal port/uplink to 6665/false', () => {
    const config = parseHostConfig(
      `${MINIMAL}operators: [{ name: bob, passwordHash: "scrypt$16384$8$1$AAAA$BBBB" }]\n` +
        'portals: [{ name: P1, address: 127.0.0.2, serverId: 8, secret: s }]\n',
    );
    expect(config.operators).toEqual([{ name: 'bob', passwordHash: 'scrypt$16384$8$1$AAAA$BBBB', level: 'sysop' }]);
    expect(config.portals).toEqual([
      { name: 'P1', address: '127.0.0.2', port: 6665, serverId: 8, uplink: false, secret: 's', insecure: false },
    ]);
  });
});
