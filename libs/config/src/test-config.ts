import { DEFAULTS, UNTHROTTLED_CONNECTS } from './defaults';
import { GENERATED, type HostConfig } from './types';

/** Section-wise overrides of a test config: `testHostConfig({ limits: { nickLength: 9 } })`. */
export type TestConfigOverrides = {
  [K in keyof HostConfig]?: HostConfig[K] extends unknown[] ? HostConfig[K] : Partial<HostConfig[K]>;
};

/** `base` with `overrides` merged in: an object section key by key, anything else replaced. */
export function withOverrides(base: HostConfig, overrides: TestConfigOverrides): HostConfig {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    merged[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object'
        ? { ...current, ...value }
        : value;
  }
  return merged as unknown as HostConfig;
}

/**
 * A complete, valid HostConfig for the services' specs, without a file: loopback on port 0
 * everywhere, a small host (50 connections, a short flood burst) and the product's defaults for
 * the rest; sections are merged with `overrides`.
 */
export function testHostConfig(overrides: TestConfigOverrides = {}): HostConfig {
  const local = { host: '127.0.0.1', port: 0 };
  const base: HostConfig = {
    source: '<test>',
    server: { name: 'irc.test', id: 10, description: 'test', network: 'TestNet' },
    listen: {
      irc: [local],
      ircTls: [],
      websocket: [],
      health: { gateway: local, state: local, portal: local },
      portal: local,
      control: local,
    },
    nats: { url: 'nats://127.0.0.1:4222', auth: 'none', gateways: [] },
    dataDir: '/tmp',
    log: { level: 'info' },
    gateway: { id: DEFAULTS.gatewayId, redirectTo: [], websocketOrigins: [] },
    host: { warmSpares: DEFAULTS.warmSpares },
    portal: {
      splitGraceMs: DEFAULTS.splitGraceMs,
      holdMaxEvents: DEFAULTS.holdMaxEvents,
      holdMaxBytes: DEFAULTS.holdMaxBytes,
      // A spec that starts a portal gives it a data directory (and CA directory) of its own.
      tls: { cert: GENERATED, caDir: '/tmp/tls/ca', names: ['127.0.0.1'] },
    },
    limits: {
      // Only what differs from the product's defaults.
      ...DEFAULTS.limits,
      maxConnections: 50,
      maxConnectionsPerIp: 50,
      ...UNTHROTTLED_CONNECTS,
      registrationTimeoutSeconds: 60,
      pingIntervalSeconds: 120,
      sendQBytes: 1_000_000,
      channelLength: 50,
      awayLength: 200,
      maxChannelsPerUser: 20,
    },
    flood: { burst: 10, linesPerSecond: 5, maxQueuedLines: 10 },
    motd: [],
    admin: { location1: '', location2: '', email: '' },
    operators: [],
    portals: [],
    ircx: { ...DEFAULTS.ircx, authPackages: [...DEFAULTS.ircx.authPackages] },
    accounts: [],
    auth: { ...DEFAULTS.auth },
    channels: [],
    // Off in specs, which show and match real IPs; specs of cloaking turn it on (with this key).
    cloaking: { enabled: false, key: 'portalchat-test-cloak-key' },
    history: { ...DEFAULTS.history },
  };
  return withOverrides(base, overrides);
}
