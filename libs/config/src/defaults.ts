import type { HostConfig } from './types';

/**
 * Values a host file may leave out. Defaults that depend on other fields (NATS URL, health and
 * portal endpoints on the first IRC listen host, dataDir, MOTD, admin lines) are built in
 * schema.ts from the fields they follow.
 */
export const DEFAULTS = {
  server: { description: '', network: 'Portalchat' },
  /** 127.0.0.1:6667 — loopback only unless the operator opens it up on purpose. */
  ircListen: { host: '127.0.0.1', port: 6667 },
  /** The IANA port for IRC over TLS (RFC 7194), as InspIRCd, ngIRCd and Ergo use it. */
  ircTlsPort: 6697,
  /** IRC over WebSocket (ws:// or wss://): the port InspIRCd's and Ergo's examples use is 8097. */
  websocketPort: 8097,
  /**
   * STS duration 0: clients upgrade to TLS when told the port, but keep no policy, so a host whose
   * certificate an operator has not set up for the long term does not lock clients out.
   */
  stsDurationSeconds: 0,
  /** A TLS handshake takes milliseconds; 10 s is generous, and bounds what a stalled one holds. */
  tlsHandshakeTimeoutSeconds: 10,
  healthPorts: { gateway: 8080, state: 8081, portal: 8082 },
  portalPort: 6665,
  controlPort: 8083,
  logLevel: 'info',
  natsPort: 4222,
  gatewayId: 'gw1',
  /**
   * How long the portal keeps the servers behind a lost link as "split pending" before their users
   * QUIT: a portal restart or a link back within this is reconciled without a netsplit.
   */
  splitGraceMs: 5000,
  /** A crashed state or portal is replaced by its warm spare (see HostConfig.host.warmSpares). */
  warmSpares: true,
  /**
   * What the portal keeps for split-pending servers, to send them once their link is back: a few
   * seconds of a busy network (the restart bench's 1,000 messages/s is about 0.3 MB/s) many times over.
   */
  holdMaxEvents: 100_000,
  holdMaxBytes: 32 * 1024 * 1024,
  limits: {
    // Exchange Chat's default connection limit; the reference product this network imitates.
    maxConnections: 1000,
    maxConnectionsPerIp: 10,
    // UnrealIRCd's set::max-unknown-connections-per-ip: a slowloris from one address holds at most
    // this many sockets that never register; real clients register within a second.
    maxUnregisteredPerIp: 3,
    // Connects per IP: a burst of 10 (a NAT'ed office reconnecting after a blip), then one every
    // 5 s on average; solanum refuses past 4 per 60 s and UnrealIRCd past 3 per 60 s, a real
    // client reconnects far less often than either.
    connectBurstPerIp: 10,
    connectsPerSecondPerIp: 0.2,
    registrationTimeoutSeconds: 30,
    pingIntervalSeconds: 90,
    pingTimeoutSeconds: 60,
    sendQBytes: 1_048_576,
    nickLength: 30,
    // IRCX allows channel names of 1–200 bytes (Exchange Chat: 200 ANSI characters).
    channelLength: 200,
    // 390 matches ergo/solanum's TOPICLEN; 255 is the usual KICKLEN/AWAYLEN.
    topicLength: 390,
    kickLength: 255,
    awayLength: 255,
    userLength: 10,
    // ergo's defaults (`realnamelen`, `monitor-entries`).
    realnameLength: 150,
    monitorEntries: 100,
    maxChannelsPerUser: 50,
    maxListEntries: 100,
    maxTargets: 4,
    modesPerCommand: 6,
    whowasHistory: 100,
    // A restarted gateway says hello within a second or two; 15 s leaves room for a paused one.
    gatewayLostSeconds: 15,
    // State recovers in about a second (docs/benchmarks.md, restart); 30 s covers a slow host.
    stateAwaySeconds: 30,
  },
  flood: { burst: 10, linesPerSecond: 4, maxQueuedLines: 50 },
  ircx: {
    creatorOnJoin: 'host',
    creatorOnCreate: 'owner',
    sysopIsOwner: false,
    allowDynamicChannels: true,
    authPackages: ['ANON', 'PLAIN'],
    maxAccessEntries: 100,
  },
  // On by default, as on Libera (solanum) and most InspIRCd networks: an IP is personal data.
  // No key here: one is generated per data directory (libs/config cloak-key.ts) unless configured.
  cloaking: { enabled: true, key: '' },
  // Ergo keeps history in memory by default and expires it after a week (history.restrictions.expire-time: 1w).
  history: { enabled: true, maxMessages: 100_000, maxAgeSeconds: 7 * 24 * 3600, maxBytes: 256 * 1024 * 1024 },
  // A person mistyping gets 3 tries at once (10 from one IP, for a NAT); a guesser gets about
  // one try per doubling wait, so 20 guessing clients cost state a few checks a second, not 80.
  auth: {
    freeFailuresPerConnection: 3,
    freeFailuresPerIp: 10,
    backoffSeconds: 2,
    maxBackoffSeconds: 300,
    forgetAfterSeconds: 900,
    // One hash at a time leaves the other core to the event loop on a 2-core host.
    concurrentChecks: 1,
    // Open, and before connection registration too, as Ergo's default (accounts.registration):
    // no mail server is involved, so no email is asked for.
    registration: true,
    registrationBeforeConnect: true,
  },
} as const satisfies {
  server: Pick<HostConfig['server'], 'description' | 'network'>;
  limits: HostConfig['limits'];
  flood: HostConfig['flood'];
  cloaking: HostConfig['cloaking'];
  history: HostConfig['history'];
  auth: HostConfig['auth'];
  ircx: Omit<HostConfig['ircx'], 'authPackages'> & { authPackages: readonly ('ANON' | 'PLAIN')[] };
  [key: string]: unknown;
};

/** The MOTD shown when a host file sets neither `motd` nor `motdFile`. */
export function defaultMotd(serverName: string, network: string): string[] {
  return [`Welcome to ${serverName} on the ${network} network.`];
}

/** ADMIN reply lines when the file has no `admin` section. */
export function defaultAdmin(server: HostConfig['server']): HostConfig['admin'] {
  return {
    location1: server.description === '' ? server.name : `${server.name}: ${server.description}`,
    location2: `${server.network} network`,
    email: 'admin@localhost',
  };
}

/**
 * Connect limits that never refuse: for loopback test and bench networks, where every client
 * comes from 127.0.0.1, many at once (the product's defaults would throttle them as a flood).
 */
export const UNTHROTTLED_CONNECTS = {
  maxUnregisteredPerIp: 1_000_000,
  connectBurstPerIp: 1_000_000,
  connectsPerSecondPerIp: 1_000_000,
} as const;
