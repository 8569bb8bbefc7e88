/**
 * The validated, frozen configuration of one host (one YAML file). This file is the contract the
 * services code against; schema.ts must produce exactly this shape (defaults filled in).
 */
export interface Endpoint {
  host: string;
  port: number;
}

export interface OperatorAccount {
  /** The name given to OPER. */
  name: string;
  /** `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`, made by `hashPassword()` / `npm run hash-password`. */
  passwordHash: string;
  /** Optional `user@host` glob the client must match. */
  hostmask?: string;
  /** IRCX sysop level: `sysop`, or `admin` (the sysop manager, user mode +a). */
  level: 'sysop' | 'admin';
}

/** An account for IRCX `AUTH PLAIN` (and the level it carries). */
export interface UserAccount {
  /** The authentication identity, e.g. `alice` (unique). */
  name: string;
  passwordHash: string;
  /** `user` (authenticated member), `sysop` or `admin`: sysop levels are applied at registration. */
  level: 'user' | 'sysop' | 'admin';
  /**
   * SHA-256 fingerprints (lower-case hex, no colons) of client certificates that log in to this
   * account with SASL EXTERNAL, over a TLS listener.
   */
  certFingerprints: string[];
}

/** Client TLS (HostConfig `tls`): the certificate the TLS listeners (`listen.ircTls`) present. */
export interface ClientTlsConfig {
  /** Absolute path of the PEM certificate (chain), read at start and again on SIGHUP. */
  cert: string;
  /** Absolute path of its PEM private key (unencrypted). */
  key: string;
  /**
   * `tls.cert: generated`: the host process issues cert and key (above, in `<dataDir>/tls/`) from
   * the network CA (`portal.tls.caDir`) before the gateway starts, and keeps them.
   */
  generated: boolean;
  /**
   * IRCv3 STS `duration` (seconds) advertised on TLS connections: how long clients must keep
   * using TLS for this server; 0 advertises none kept (clients forget the policy).
   */
  stsDurationSeconds: number;
  /** Seconds a TLS handshake may take before the gateway drops the connection. */
  handshakeTimeoutSeconds: number;
}

/** pino's levels, plus `silent`. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** How a host's services authenticate to its NATS (HostConfig `nats.auth`). */
export type NatsAuthMode = 'generated' | 'none';

export type CreatorStatus = 'owner' | 'host' | 'none';
export type AccessLevelName = 'OWNER' | 'HOST' | 'VOICE' | 'GRANT' | 'DENY';

/** IRCX policy of the host (Exchange's "Channels" sheet). */
export interface IrcxPolicy {
  /** What the user whose JOIN creates a dynamic channel becomes (Exchange 2000: host). */
  creatorOnJoin: CreatorStatus;
  /** What the user whose CREATE makes a channel becomes (Exchange 2000: owner). */
  creatorOnCreate: CreatorStatus;
  /** "Sysop is owner in dynamic channels": sysops join dynamic channels as owner. */
  sysopIsOwner: boolean;
  /** Users may create channels with JOIN/CREATE; false leaves only registered ones. */
  allowDynamicChannels: boolean;
  /** AUTH packages offered (800 and AUTH): ANON and/or PLAIN. */
  authPackages: ('ANON' | 'PLAIN')[];
  /** ACCESS entries per object (channel, nick, `$`, `*`): 916 beyond. */
  maxAccessEntries: number;
}

/** A registered (persistent) channel defined in the host file: it exists with nobody in it. */
export interface ConfiguredChannel {
  /** `#name`, `&name`, `%#name` or `%&name`. */
  name: string;
  /** Flag modes, e.g. `ntu` (no sign). */
  modes: string;
  topic?: string;
  limit?: number;
  /** MEMBERKEY (the +k key), HOSTKEY and OWNERKEY: joining with one grants that status. */
  memberKey?: string;
  hostKey?: string;
  ownerKey?: string;
  /** Other IRCX properties by upper-case name: SUBJECT, LANGUAGE, ONJOIN, ONPART, PICS, CLIENT, LAG. */
  props: Record<string, string>;
  /** Channel ACCESS entries (permanent). */
  access: { level: AccessLevelName; mask: string; reason: string }[];
}

export interface PortalConfig {
  /** 1–63 chars: letters, digits, `_`, `-`, not starting with a digit. */
  name: string;
  /** The peer's portal listener: an IP address, `localhost` or a DNS name (resolved when dialling). */
  address: string;
  port: number;
  serverId: number;
  uplink: boolean;
  secret: string;
  /**
   * SHA-256 fingerprint of the peer's portal certificate, `AB:CD:…` upper case (pinning): the
   * link is refused unless the peer shows exactly that certificate.
   */
  fingerprint?: string;
  /**
   * Absolute path of a PEM file of CA certificates: the peer's certificate must be issued by one
   * of them and name `address`. Without this or `fingerprint`, `portal.tls.ca` applies.
   */
  ca?: string;
  /** Plaintext allowed with this peer: no TLS, or TLS whose certificate is not checked. */
  insecure: boolean;
}

/** The value of `portal.tls.cert` that makes the host issue its own certificate (generated-certs). */
export const GENERATED = 'generated';

/** The host's nats-server serves TLS with `cert`; its services check it against `ca`. */
export interface NatsTlsConfig {
  /**
   * `generated` (issued at the first start by the CA in portal.tls.caDir, naming the nats.url
   * host) or the absolute path of nats-server's PEM certificate.
   */
  cert: string;
  /** Absolute path of the PEM key of `cert`; none with `generated`. */
  key?: string;
  /**
   * Absolute path of the PEM CA file the services check nats-server's certificate against;
   * with `generated`, the generated CA's certificate unless set (natsCaFile()).
   */
  ca?: string;
}

/** This host's portal certificate, and what its peers' certificates are checked against. */
export interface PortalTlsConfig {
  /** `generated`, or the absolute path of this server's PEM certificate (chain, leaf first). */
  cert: string;
  /** Absolute path of the PEM private key of `cert`; none with `generated`. */
  key?: string;
  /**
   * Absolute path of a PEM file of CA certificates that peers' certificates are checked against
   * when their portal entry has neither a fingerprint nor a ca; with `cert: generated` the
   * generated CA's certificate (`<caDir>/ca.crt`) unless set (portalCaFile()).
   */
  ca?: string;
  /** With `cert: generated`: the directory of the CA that issues it, created at the first start. */
  caDir: string;
  /** With `cert: generated`: the IP addresses and DNS names the certificate names. */
  names: string[];
}

/** A WebSocket listener: an endpoint, plain (ws://) or over TLS (wss://). */
export interface WebSocketListener extends Endpoint {
  tls: boolean;
}

export interface HostConfig {
  /** Path of the file this was loaded from (for messages), or '<inline>'. */
  source: string;
  server: {
    name: string;
    /** Unique numeric server ID on the network (1–4095). */
    id: number;
    description: string;
    network: string;
    /**
     * The server password clients must give with PASS before registering (RFC 2812 §3.1.1), hashed
     * like the operators' (`scrypt$…`, `npm run hash-password`); absent: no password is asked.
     */
    passwordHash?: string;
  };
  listen: {
    /** IRC listeners (plain TCP). */
    irc: Endpoint[];
    /** IRC listeners over TLS, with `tls`'s certificate; empty when `tls` is not configured. */
    ircTls: Endpoint[];
    /**
     * IRC over WebSocket listeners (IRCv3 `text.ircv3.net` / `binary.ircv3.net`); `tls: true`
     * serves wss:// with `tls`'s certificate. Empty: no WebSocket listener.
     */
    websocket: WebSocketListener[];
    /** Health/metrics HTTP endpoints of each service. */
    health: { gateway: Endpoint; state: Endpoint; portal: Endpoint };
    /** The portal's gRPC port (used from the portals issue on). */
    portal: Endpoint;
    /**
     * The host process's own HTTP endpoint (`npm run host`, `npm start`): /healthz, /metrics
     * (restarts per service) and the token-protected restart API that `npm run ctl` uses.
     */
    control: Endpoint;
  };
  nats: {
    url: string;
    /**
     * `generated`: the host's nats-server requires a user and password per service, with
     * per-service subject permissions, from a credentials file the host generates in its data
     * directory; `none`: an open bus (a NATS the operator runs and secures).
     */
    auth: NatsAuthMode;
    /**
     * Gateways besides `gateway.id` that may connect to a locked bus (a second gateway started
     * with `--gateway-id`): each gets a user of its own, allowed its own subjects only.
     */
    gateways: string[];
    /**
     * TLS on the host's NATS, for services on other machines; absent: plaintext (the default,
     * right for a bus on loopback).
     */
    tls?: NatsTlsConfig;
  };
  /** Client TLS: the certificate and key of `listen.ircTls`; absent = no TLS listener. */
  tls?: ClientTlsConfig;
  /** Where the host keeps files (persistent channels, NATS JetStream). */
  dataDir: string;
  log: {
    /** The services' log level (a service's `--log-level` flag wins). */
    level: LogLevel;
    /**
     * Absolute path of a file the services (and the host process) append their JSON lines to;
     * absent: stdout, which systemd sends to the journal.
     */
    file?: string;
  };
  gateway: {
    id: string;
    /**
     * Where clients go when this gateway is stopped on purpose: the other servers' client
     * addresses, `host:port` as clients should dial them (DNS names allowed). IRCX sessions get
     * `REDIRECT <all of them>`, plain ones an ERROR naming them; empty: a plain
     * "Server shutting down".
     */
    redirectTo: string[];
    /**
     * Browser origins (`https://chat.example.org`) allowed to open a WebSocket; a handshake with
     * another `Origin` header is refused with 403. Empty: any origin (and clients without one).
     */
    websocketOrigins: string[];
  };
  /** The host process itself (libs/hosting): how it runs the services. */
  host: {
    /**
     * Whether the host keeps a warm spare of state and of the portal: a second process, loaded
     * and compiled, that takes over when the serving one crashes, so a restart under load costs
     * only the service's own start (about 40 MB of memory each).
     */
    warmSpares: boolean;
  };
  portal: {
    /**
     * Milliseconds the servers behind a lost link stay "split pending" (users kept, nothing shown)
     * before the netsplit is announced; 0 announces it at once.
     */
    splitGraceMs: number;
    /**
     * Events kept for split-pending servers (sent to them, in order, when their link is back within
     * the grace); past this the oldest are dropped. 0 keeps nothing.
     */
    holdMaxEvents: number;
    /** The same bound in bytes of event JSON. */
    holdMaxBytes: number;
    tls: PortalTlsConfig;
  };
  limits: {
    /** Connections this server accepts (Exchange Chat's default: 1000). */
    maxConnections: number;
    maxConnectionsPerIp: number;
    /** Connections from one IP that have not finished registering (slowloris); the gateway refuses more. */
    maxUnregisteredPerIp: number;
    /** Connects one IP may make at once before the rate below applies (token bucket). */
    connectBurstPerIp: number;
    /** Sustained connects per second from one IP (may be fractional: 0.2 is one per 5 s). */
    connectsPerSecondPerIp: number;
    registrationTimeoutSeconds: number;
    /** Idle time before the server PINGs a client. */
    pingIntervalSeconds: number;
    /** Time a client has to answer the server's PING. */
    pingTimeoutSeconds: number;
    /** Output bytes queued for one client before it is dropped with "SendQ exceeded". */
    sendQBytes: number;
    nickLength: number;
    channelLength: number;
    topicLength: number;
    kickLength: number;
    awayLength: number;
    userLength: number;
    /** Longest realname SETNAME takes (NAMELEN). */
    realnameLength: number;
    /** Nicks one client may MONITOR (MONITOR=). */
    monitorEntries: number;
    /** Channels one user may be in (CHANLIMIT). */
    maxChannelsPerUser: number;
    /** Entries per list mode b/e/I (MAXLIST). */
    maxListEntries: number;
    /** Targets per PRIVMSG/NOTICE and similar (TARGMAX). */
    maxTargets: number;
    /** Parametrised mode changes per MODE command (MODES). */
    modesPerCommand: number;
    whowasHistory: number;
    /**
     * Silence (no batch, no heartbeat) after which state declares a gateway gone and its users
     * QUIT everywhere: a gateway that is merely restarting or paused is back well before.
     */
    gatewayLostSeconds: number;
    /**
     * How long a gateway keeps admitting new clients (and buffering their input) while state is
     * away, e.g. restarting; after that it refuses them with an ERROR until state is back.
     */
    stateAwaySeconds: number;
  };
  flood: {
    /** Lines a client may send at once before it is slowed. */
    burst: number;
    /** Sustained lines per second after the burst. */
    linesPerSecond: number;
    /** Lines held back for a slowed client before it is disconnected ("Excess Flood"). */
    maxQueuedLines: number;
  };
  motd: string[];
  admin: { location1: string; location2: string; email: string };
  operators: OperatorAccount[];
  portals: PortalConfig[];
  ircx: IrcxPolicy;
  /** Accounts for AUTH PLAIN. */
  accounts: UserAccount[];
  /** How password checks (OPER, IRCX AUTH, SASL) are rationed: they cost ~40 ms of CPU each. */
  auth: AuthLimits;
  /** Registered channels defined here (more can be registered at run time by sysops). */
  channels: ConfiguredChannel[];
  /** Host cloaking: what other users see instead of a user's IP (issue 12). */
  cloaking: CloakingConfig;
  /** Chat history (draft/chathistory, issue 13): what state keeps, and for how long. */
  history: HistoryConfig;
}

/**
 * History: every channel and private message (and channel event) is kept in state's memory and in
 * the host's NATS JetStream stream, so clients can scroll back (CHATHISTORY) after a restart too.
 * Whichever limit is reached first drops the oldest entries.
 */
export interface HistoryConfig {
  /** On by default; `false` keeps nothing and does not offer draft/chathistory. */
  enabled: boolean;
  /** Entries kept on this host (all targets together). */
  maxMessages: number;
  /** Entries older than this are dropped (seconds). */
  maxAgeSeconds: number;
  /** Bytes the host's history stream may hold. */
  maxBytes: number;
}

/**
 * Cloaking shows other users `<hash>.<hash>.<hash>.IP` (a keyed HMAC of the IP and of its /24 and
 * /16, or /64 and /48 for IPv6) instead of the address; the user and operators see the real one.
 */
export interface CloakingConfig {
  /** On by default; `false` shows every user's IP to everyone, as before. */
  enabled: boolean;
  /**
   * The HMAC key, a secret. Every server of a network should have the same one, so a user gets the
   * same cloak wherever they connect (and channel bans on cloaks hold network-wide). Empty: the
   * state service generates one at first start in `<dataDir>/secrets/cloak-key` and keeps it.
   */
  key: string;
}

/**
 * Back-off for failed password checks (OPER, AUTH, SASL). A connection, and separately an IP,
 * may fail a few times freely; after that each attempt must wait `backoffSeconds`, doubled per
 * further failure up to `maxBackoffSeconds`, and one sent sooner is refused without running the
 * hash. A key with no failure for `forgetAfterSeconds` starts afresh.
 */
export interface AuthLimits {
  freeFailuresPerConnection: number;
  freeFailuresPerIp: number;
  backoffSeconds: number;
  maxBackoffSeconds: number;
  forgetAfterSeconds: number;
  /** Password hashes computed at once, off the event loop (each takes a thread for ~40 ms). */
  concurrentChecks: number;
  /**
   * Whether clients may create accounts with REGISTER (IRCv3 draft/account-registration). The
   * accounts are network-wide: any server of the network logs them in (SASL PLAIN and
   * SCRAM-SHA-256, IRCX AUTH PLAIN).
   */
  registration: boolean;
  /** Whether REGISTER is allowed before connection registration completes (cap value `before-connect`). */
  registrationBeforeConnect: boolean;
}
