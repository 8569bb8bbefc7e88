import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULTS, defaultAdmin, defaultMotd } from './defaults';
import { describeReadError } from './errors';
import {
  GATEWAY_ID,
  OPERATOR_NAME,
  PASSWORD_HASH,
  PORTAL_NAME,
  SERVER_NAME,
  boolean,
  host,
  hostOrDnsName,
  integer,
  list,
  matching,
  secretText,
  nonEmptyText,
  port,
  positiveNumber,
  strictObject,
  text,
} from './fields';
import { redirectTarget } from './redirect-targets';
import { websocketOrigin } from './websocket-origins';
import { normalizeFingerprint, readTlsFiles } from './tls-files';
import {
  GENERATED,
  type ClientTlsConfig,
  type Endpoint,
  type HostConfig,
  type LogLevel,
  type NatsAuthMode,
} from './types';

/** What the schema needs to know about where the file came from. */
export interface SchemaContext {
  /** Shown in messages and kept as `HostConfig.source`. */
  source: string;
  /** Relative paths in the file (`dataDir`, `motdFile`) resolve against this directory. */
  baseDir: string;
  /** Read and check `tls.cert` and `tls.key` (see LoadOptions.checkFiles). */
  checkFiles?: boolean;
}

/** YAML `limits:` with every child commented out is `null`; treat it like an absent section. */
function section<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === null ? undefined : v), schema);
}

/** Splits a multi-line string (e.g. a YAML `|` block) into lines, minus the final newline. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const LOG_LEVELS = [
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
  'silent',
] as const satisfies readonly LogLevel[];

const NATS_AUTH_MODES = ['generated', 'none'] as const satisfies readonly NatsAuthMode[];

const SERVER_NAME_RULE = '1–63 letters, digits, ".", "-" or "_"';
const PORTAL_NAME_RULE = '1–63 letters, digits, "_" or "-", not starting with a digit';

const natsUrl = () => {
  const what = 'a URL like nats://127.0.0.1:4222';
  return z.string({ error: what }).refine(
    (url) => {
      try {
        const parsed = new URL(url);
        return (parsed.protocol === 'nats:' || parsed.protocol === 'tls:') && parsed.hostname !== '';
      } catch {
        return false;
      }
    },
    { error: what },
  );
};

/** An endpoint whose host and port may each be left to the derived default. */
const partialEndpoint = () =>
  strictObject({ host: host().optional(), port: port().optional() }, 'a mapping with host and port');

const ircListener = strictObject(
  { host: host().default(DEFAULTS.ircListen.host), port: port().default(DEFAULTS.ircListen.port) },
  'a mapping with host and port',
);

/** A WebSocket listener's host defaults to the first IRC listener's, like a TLS listener's. */
const websocketListener = strictObject(
  { host: host().optional(), port: port().default(DEFAULTS.websocketPort), tls: boolean().default(false) },
  'a mapping with host, port and tls',
);

/** A TLS listener's host defaults to the first IRC listener's, filled in by toHostConfig. */
const tlsListener = strictObject(
  { host: host().optional(), port: port().default(DEFAULTS.ircTlsPort) },
  'a mapping with host and port',
);

const limitFields = {
  maxConnections: integer(1).default(DEFAULTS.limits.maxConnections),
  maxConnectionsPerIp: integer(1).default(DEFAULTS.limits.maxConnectionsPerIp),
  maxUnregisteredPerIp: integer(1).default(DEFAULTS.limits.maxUnregisteredPerIp),
  connectBurstPerIp: integer(1).default(DEFAULTS.limits.connectBurstPerIp),
  connectsPerSecondPerIp: positiveNumber().default(DEFAULTS.limits.connectsPerSecondPerIp),
  registrationTimeoutSeconds: integer(1).default(DEFAULTS.limits.registrationTimeoutSeconds),
  pingIntervalSeconds: integer(1).default(DEFAULTS.limits.pingIntervalSeconds),
  pingTimeoutSeconds: integer(1).default(DEFAULTS.limits.pingTimeoutSeconds),
  gatewayLostSeconds: integer(1).default(DEFAULTS.limits.gatewayLostSeconds),
  stateAwaySeconds: integer(1).default(DEFAULTS.limits.stateAwaySeconds),
  // One full IRC line (512 bytes) must fit, or every client would be dropped at once.
  sendQBytes: integer(512).default(DEFAULTS.limits.sendQBytes),
  nickLength: integer(1).default(DEFAULTS.limits.nickLength),
  // Room for the prefix character plus one more.
  channelLength: integer(2).default(DEFAULTS.limits.channelLength),
  topicLength: integer(1).default(DEFAULTS.limits.topicLength),
  kickLength: integer(1).default(DEFAULTS.limits.kickLength),
  awayLength: integer(1).default(DEFAULTS.limits.awayLength),
  userLength: integer(1).default(DEFAULTS.limits.userLength),
  realnameLength: integer(1).default(DEFAULTS.limits.realnameLength),
  monitorEntries: integer(1).default(DEFAULTS.limits.monitorEntries),
  maxChannelsPerUser: integer(1).default(DEFAULTS.limits.maxChannelsPerUser),
  maxListEntries: integer(1).default(DEFAULTS.limits.maxListEntries),
  maxTargets: integer(1).default(DEFAULTS.limits.maxTargets),
  modesPerCommand: integer(1).default(DEFAULTS.limits.modesPerCommand),
  whowasHistory: integer(0).default(DEFAULTS.limits.whowasHistory),
};

const floodFields = {
  burst: integer(1).default(DEFAULTS.flood.burst),
  linesPerSecond: positiveNumber().default(DEFAULTS.flood.linesPerSecond),
  maxQueuedLines: integer(1).default(DEFAULTS.flood.maxQueuedLines),
};

const authFields = {
  freeFailuresPerConnection: integer(1).default(DEFAULTS.auth.freeFailuresPerConnection),
  freeFailuresPerIp: integer(1).default(DEFAULTS.auth.freeFailuresPerIp),
  backoffSeconds: integer(1).default(DEFAULTS.auth.backoffSeconds),
  maxBackoffSeconds: integer(1).default(DEFAULTS.auth.maxBackoffSeconds),
  forgetAfterSeconds: integer(1).default(DEFAULTS.auth.forgetAfterSeconds),
  // More than a few would only take the cores from the event loop the checks were moved off.
  concurrentChecks: integer(1, 64).default(DEFAULTS.auth.concurrentChecks),
  registration: boolean().default(DEFAULTS.auth.registration),
  registrationBeforeConnect: boolean().default(DEFAULTS.auth.registrationBeforeConnect),
};

/** The waits must grow and be remembered at least as long as they last. */
const authSection = () =>
  strictObject(authFields).superRefine((auth, ctx) => {
    if (auth.maxBackoffSeconds < auth.backoffSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxBackoffSeconds'],
        message: `an integer ≥ backoffSeconds (${auth.backoffSeconds})`,
        input: auth.maxBackoffSeconds,
      });
    }
    if (auth.forgetAfterSeconds < auth.maxBackoffSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['forgetAfterSeconds'],
        message: `an integer ≥ maxBackoffSeconds (${auth.maxBackoffSeconds}), or a wait would be forgotten before it ends`,
        input: auth.forgetAfterSeconds,
      });
    }
  });

const operator = strictObject({
  name: matching(OPERATOR_NAME, 'an operator name without spaces (1–64 characters)'),
  passwordHash: matching(PASSWORD_HASH, 'a hash like scrypt$N$r$p$salt$hash (make one with tools/hash-password.js)'),
  hostmask: matching(/^[^\s@]+@[^\s@]+$/, 'a user@host glob').optional(),
  level: z.enum(['sysop', 'admin'], { error: '"sysop" or "admin"' }).default('sysop'),
});

/** A SHA-256 certificate fingerprint, with or without colons, kept as lower-case hex. */
const certFingerprint = () => {
  const what = 'a SHA-256 fingerprint (64 hex digits, colons allowed)';
  return z
    .string({ error: what })
    .refine((text) => normalizeFingerprint(text) !== undefined, { error: what })
    .transform((text) => normalizeFingerprint(text) ?? text);
};

const account = strictObject({
  name: matching(OPERATOR_NAME, 'an account name without spaces (1–64 characters)'),
  passwordHash: matching(PASSWORD_HASH, 'a hash like scrypt$N$r$p$salt$hash (make one with tools/hash-password.js)'),
  level: z.enum(['user', 'sysop', 'admin'], { error: '"user", "sysop" or "admin"' }).default('user'),
  certFingerprints: list(certFingerprint(), 'a list of SHA-256 fingerprints').default([]),
});

const creatorStatus = () => z.enum(['owner', 'host', 'none'], { error: '"owner", "host" or "none"' });

const ircxFields = {
  creatorOnJoin: creatorStatus().default(DEFAULTS.ircx.creatorOnJoin),
  creatorOnCreate: creatorStatus().default(DEFAULTS.ircx.creatorOnCreate),
  sysopIsOwner: boolean().default(DEFAULTS.ircx.sysopIsOwner),
  allowDynamicChannels: boolean().default(DEFAULTS.ircx.allowDynamicChannels),
  authPackages: list(
    z.enum(['ANON', 'PLAIN'], { error: '"ANON" or "PLAIN"' }),
    'a list of AUTH packages (ANON, PLAIN)',
  ).default([...DEFAULTS.ircx.authPackages]),
  maxAccessEntries: integer(1).default(DEFAULTS.ircx.maxAccessEntries),
};

/** Channel keys and property values: one IRC word, at most 31 bytes (IRCX key length). */
const channelKey = () => matching(/^[^\s,:][^\s,]{0,30}$/, 'a key of 1–31 characters without spaces or commas');

const configuredChannel = strictObject({
  name: matching(
    // eslint-disable-next-line no-control-regex -- the point is to refuse BEL and NUL, as IRC channel names must
    /^(#|&|%#|%&)[^\s,\x07\0:]{1,198}$/,
    'a channel name starting with #, &, %# or %& (no spaces or commas)',
  ),
  modes: matching(/^[adfhimnpstuwxzS]*$/, 'flag mode letters from adfhimnpstuwxzS, without a sign').default('nt'),
  topic: text().optional(),
  limit: integer(1, 48000).optional(),
  memberKey: channelKey().optional(),
  hostKey: channelKey().optional(),
  ownerKey: channelKey().optional(),
  props: z.record(matching(/^[A-Z]{1,16}$/, 'an upper-case property name'), text()).default({}),
  access: list(
    strictObject({
      level: z.enum(['OWNER', 'HOST', 'VOICE', 'GRANT', 'DENY'], { error: 'OWNER, HOST, VOICE, GRANT or DENY' }),
      mask: nonEmptyText('a mask like nick!user@host$server'),
      reason: text().default(''),
    }),
    'a list of access entries',
  ).default([]),
});

/** A grace longer than a minute would keep users of a dead server listed for too long. */
const MAX_SPLIT_GRACE_MS = 60_000;
const MAX_HOLD_EVENTS = 10_000_000;
const MAX_HOLD_BYTES = 1024 * 1024 * 1024;

/** `AB:CD:…` or 64 plain hex digits, either case; kept as `AB:CD:…` upper case (Node's fingerprint256). */
const fingerprint = () =>
  matching(
    /^(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$/,
    'a SHA-256 fingerprint: 64 hex digits, optionally in pairs separated by ":"',
  ).transform((hex) =>
    hex
      .replace(/:/g, '')
      .toUpperCase()
      .replace(/(..)(?!$)/g, '$1:'),
  );

type PemKind = 'certificate' | 'key';

/** What a PEM file must hold; the check throws a readable reason when it does not. */
const PEM_CHECKS: Record<PemKind, { what: string; check: (text: string) => void }> = {
  certificate: { what: 'a readable PEM certificate file', check: (text) => new X509Certificate(text) },
  key: { what: 'a readable PEM private key file', check: (text) => createPrivateKey(text) },
};

/** A PEM file, relative to the host file: read and parsed at load, kept as an absolute path. */
function pemFile(baseDir: string, kind: PemKind) {
  const { what, check } = PEM_CHECKS[kind];
  return nonEmptyText(what).transform((path, ctx) => {
    const absolute = resolve(baseDir, path);
    let reason: string | undefined;
    try {
      check(readFileSync(absolute, 'utf8'));
    } catch (err) {
      reason = describeReadError(err);
    }
    if (reason === undefined) return absolute;
    // Only the path and why: never the file's contents (a key) in a message.
    ctx.addIssue({
      code: 'custom',
      message: what,
      input: path,
      params: { got: `${JSON.stringify(path)} (${reason})` },
    });
    return z.NEVER;
  });
}

function portalEntry(baseDir: string) {
  return strictObject({
    name: matching(PORTAL_NAME, PORTAL_NAME_RULE),
    address: hostOrDnsName(),
    port: port().default(DEFAULTS.portalPort),
    serverId: integer(1, 4095),
    uplink: boolean().default(false),
    secret: nonEmptyText('a non-empty shared secret'),
    fingerprint: fingerprint().optional(),
    ca: pemFile(baseDir, 'certificate').optional(),
    insecure: boolean().default(false),
  });
}

/**
 * The rule every TLS section shares: a certificate file comes with its key file; a generated
 * certificate takes none (the host makes both).
 */
function checkKeyPair(tls: { cert: string; key?: string | undefined }, section: string, ctx: z.RefinementCtx): void {
  if (tls.cert !== GENERATED && tls.key === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['key'],
      message: `the private key file of ${section}.cert`,
      input: undefined,
    });
  if (tls.cert === GENERATED && tls.key !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['key'],
      message: `no key with cert: ${GENERATED} (the host makes one)`,
      input: tls.key,
    });
}

/** `nats.tls`: `cert: generated` (the default) or nats-server's certificate, its key and the CA. */
function natsTls(baseDir: string) {
  return strictObject({
    cert: z
      .union([z.literal(GENERATED), pemFile(baseDir, 'certificate')], {
        error: `"${GENERATED}" or a readable PEM certificate file`,
      })
      .default(GENERATED),
    key: pemFile(baseDir, 'key').optional(),
    ca: pemFile(baseDir, 'certificate').optional(),
  }).superRefine((tls, ctx) => {
    const generated = tls.cert === GENERATED;
    checkKeyPair(tls, 'nats.tls', ctx);
    if (!generated && tls.ca === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['ca'],
        message: "the CA file the services check nats-server's certificate against",
        input: undefined,
      });
  });
}

/** `portal.tls`: `cert: generated` (the default) or a certificate and its key. */
function portalTls(baseDir: string) {
  return strictObject({
    cert: z
      .union([z.literal(GENERATED), pemFile(baseDir, 'certificate')], {
        error: `"${GENERATED}" or a readable PEM certificate file`,
      })
      .default(GENERATED),
    key: pemFile(baseDir, 'key').optional(),
    ca: pemFile(baseDir, 'certificate').optional(),
    caDir: nonEmptyText('a directory path')
      .transform((dir) => resolve(baseDir, dir))
      .optional(),
    names: list(hostOrDnsName(), 'a list of IP addresses and DNS names').optional(),
  }).superRefine((tls, ctx) => {
    const generated = tls.cert === GENERATED;
    checkKeyPair(tls, 'portal.tls', ctx);
    for (const field of ['caDir', 'names'] as const) {
      if (!generated && tls[field] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `no ${field} unless cert is ${GENERATED}`,
          input: tls[field],
        });
    }
  });
}

/** The host file as written, with plain defaults applied but derived ones still missing. */
function rawHostSchema(context: SchemaContext) {
  const motdFile = nonEmptyText('a file path').transform((path, ctx) => {
    const absolute = resolve(context.baseDir, path);
    try {
      return splitLines(readFileSync(absolute, 'utf8'));
    } catch (err) {
      const got = `${JSON.stringify(path)} (${describeReadError(err)})`;
      ctx.addIssue({ code: 'custom', message: 'a readable text file', input: path, params: { got } });
      return z.NEVER;
    }
  });

  const filePath = () => nonEmptyText('a file path').transform((path) => resolve(context.baseDir, path));
  // With checkFiles the pair is read and checked together (unreadable, not PEM, a key of another
  // certificate), so `--check` and the host's start report what the gateway would fail on; the
  // problem names the file at fault. Other services never read the files: a certificate being
  // replaced must not stop state from restarting.
  // `cert: generated`: the host issues the certificate from the network CA (portal.tls.caDir)
  // into the data directory before its services start, as for the portal's.
  const tlsSection = strictObject({
    cert: z.union([z.literal(GENERATED), filePath()], { error: `"${GENERATED}" or a file path` }),
    key: filePath().optional(),
    stsDurationSeconds: integer(0).default(DEFAULTS.stsDurationSeconds),
    handshakeTimeoutSeconds: integer(1, 300).default(DEFAULTS.tlsHandshakeTimeoutSeconds),
  }).superRefine((tls, ctx) => {
    checkKeyPair(tls, 'tls', ctx);
    if (tls.cert === GENERATED || tls.key === undefined || !context.checkFiles) return;
    const files = readTlsFiles(tls.cert, tls.key);
    if (files.ok) return;
    const expected = files.field === 'cert' ? 'a readable PEM certificate' : 'the readable PEM private key of tls.cert';
    ctx.addIssue({ code: 'custom', path: [files.field], message: expected, params: { got: files.reason } });
  });

  const hostFile = strictObject({
    server: strictObject({
      name: matching(SERVER_NAME, SERVER_NAME_RULE),
      id: integer(1, 4095),
      description: text().default(DEFAULTS.server.description),
      network: matching(SERVER_NAME, SERVER_NAME_RULE).default(DEFAULTS.server.network),
      passwordHash: matching(
        PASSWORD_HASH,
        'a hash like scrypt$N$r$p$salt$hash (make one with tools/hash-password.js)',
      ).optional(),
    }),
    listen: section(
      strictObject({
        irc: list(ircListener, 'a list of {host, port} listeners')
          .min(1, { error: 'at least one listener' })
          .default([{ ...DEFAULTS.ircListen }]),
        ircTls: list(tlsListener, 'a list of {host, port} listeners').optional(),
        websocket: list(websocketListener, 'a list of {host, port, tls} listeners').default([]),
        health: section(
          strictObject({
            gateway: partialEndpoint().optional(),
            state: partialEndpoint().optional(),
            portal: partialEndpoint().optional(),
          }).prefault({}),
        ),
        portal: partialEndpoint().optional(),
        control: partialEndpoint().optional(),
      }).prefault({}),
    ),
    nats: section(
      strictObject({
        url: natsUrl().optional(),
        auth: z
          .enum(NATS_AUTH_MODES, { error: NATS_AUTH_MODES.map((m) => `"${m}"`).join(' or ') })
          .default('generated'),
        gateways: list(matching(GATEWAY_ID, '1–32 letters, digits, "_" or "-"'), 'a list of gateway IDs').default([]),
        tls: natsTls(context.baseDir).optional(),
      }).prefault({}),
    ),
    tls: section(tlsSection.optional()),
    dataDir: nonEmptyText('a directory path').optional(),
    log: section(
      strictObject({
        level: z.enum(LOG_LEVELS, { error: LOG_LEVELS.map((l) => `"${l}"`).join(', ') }).default(DEFAULTS.logLevel),
        file: nonEmptyText('a file path').optional(),
      }).prefault({}),
    ),
    gateway: section(
      strictObject({
        id: matching(GATEWAY_ID, '1–32 letters, digits, "_" or "-"').default(DEFAULTS.gatewayId),
        redirectTo: list(redirectTarget(), 'a list of "host:port" addresses').default([]),
        websocketOrigins: list(websocketOrigin(), 'a list of web origins').default([]),
      }).prefault({}),
    ),
    host: section(
      strictObject({
        warmSpares: boolean().default(DEFAULTS.warmSpares),
      }).prefault({}),
    ),
    portal: section(
      strictObject({
        splitGraceMs: integer(0, MAX_SPLIT_GRACE_MS).default(DEFAULTS.splitGraceMs),
        holdMaxEvents: integer(0, MAX_HOLD_EVENTS).default(DEFAULTS.holdMaxEvents),
        holdMaxBytes: integer(0, MAX_HOLD_BYTES).default(DEFAULTS.holdMaxBytes),
        tls: section(portalTls(context.baseDir).prefault({})),
      }).prefault({}),
    ),
    limits: section(strictObject(limitFields).prefault({})),
    flood: section(strictObject(floodFields).prefault({})),
    motd: z
      .preprocess(
        (v) => (typeof v === 'string' ? splitLines(v) : v),
        list(text('a line of text'), 'a list of lines or a multi-line string'),
      )
      .optional(),
    motdFile: motdFile.optional(),
    admin: section(
      strictObject({ location1: text().optional(), location2: text().optional(), email: text().optional() }).prefault(
        {},
      ),
    ),
    operators: section(list(operator, 'a list of operator accounts').default([])),
    portals: section(list(portalEntry(context.baseDir), 'a list of portals').default([])),
    ircx: section(strictObject(ircxFields).prefault({})),
    accounts: section(list(account, 'a list of AUTH accounts').default([])),
    auth: section(authSection().prefault({})),
    channels: section(list(configuredChannel, 'a list of registered channels').default([])),
    cloaking: section(
      strictObject({
        enabled: boolean().default(DEFAULTS.cloaking.enabled),
        key: secretText(
          /^(?:[!-~]{16,256})?$/,
          'a key of 16–256 printable characters without spaces, or "" to generate one',
        ).default(DEFAULTS.cloaking.key),
      }).prefault({}),
    ),
    history: section(
      strictObject({
        enabled: boolean().default(DEFAULTS.history.enabled),
        maxMessages: integer(1).default(DEFAULTS.history.maxMessages),
        maxAgeSeconds: integer(1).default(DEFAULTS.history.maxAgeSeconds),
        maxBytes: integer(1024).default(DEFAULTS.history.maxBytes),
      }).prefault({}),
    ),
  });
  return hostFile.superRefine((raw, ctx) => {
    // A portal that is not insecure needs something to check its peer's certificate against.
    const hostCa = raw.portal.tls.cert === GENERATED || raw.portal.tls.ca !== undefined;
    raw.portals.forEach((p, i) => {
      if (p.insecure || p.fingerprint !== undefined || p.ca !== undefined || hostCa) return;
      ctx.addIssue({
        code: 'custom',
        path: ['portals', i, 'fingerprint'],
        message:
          "the peer certificate's fingerprint, or a ca (here or as portal.tls.ca), to check the peer against; or insecure: true",
        input: undefined,
      });
    });
  });
}

type RawHost = z.output<ReturnType<typeof rawHostSchema>>;

/** Whether `host` is a loopback address (or name): reachable from this machine only. */
function isLoopback(host: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === 'localhost';
}

/**
 * `nats://host:port`, with IPv6 literals bracketed as URLs require. The host's bus is for its own
 * services: on the IRC address when that is a loopback one (so several hosts on one machine, like
 * the reference network, each get their own), else on 127.0.0.1, never on an outside address.
 */
function natsUrlFor(ircHost: string): string {
  const hostName = isLoopback(ircHost) ? ircHost : '127.0.0.1';
  const urlHost = hostName.includes(':') ? `[${hostName}]` : hostName;
  return `nats://${urlHost}:${DEFAULTS.natsPort}`;
}

/** The client TLS section with the files a generated certificate lives in (`<dataDir>/tls/irc.*`). */
function clientTlsFor(tls: NonNullable<RawHost['tls']>, dataDir: string): ClientTlsConfig {
  const { stsDurationSeconds, handshakeTimeoutSeconds } = tls;
  if (tls.cert === GENERATED || tls.key === undefined) {
    const dir = join(dataDir, 'tls');
    return {
      cert: join(dir, 'irc.crt'),
      key: join(dir, 'irc.key'),
      generated: true,
      stsDurationSeconds,
      handshakeTimeoutSeconds,
    };
  }
  return { cert: tls.cert, key: tls.key, generated: false, stsDurationSeconds, handshakeTimeoutSeconds };
}

/** Whether `host` is a wildcard address: it names no one address a certificate could. */
function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/**
 * `portal.tls` with its derived defaults: a generated certificate names the portal's listen
 * address (unless a wildcard) and comes from a CA in `<dataDir>/tls/ca`. The CA file peers are
 * checked against by default is left to tls-files.ts: it exists only once the host has made it.
 */
function portalTlsFor(raw: RawHost, mainHost: string, context: SchemaContext): HostConfig['portal']['tls'] {
  const tls = raw.portal.tls;
  const dataDir = resolve(context.baseDir, raw.dataDir ?? `./data/${raw.server.name}`);
  const caDir = tls.caDir ?? join(dataDir, 'tls', 'ca');
  const listenHost = raw.listen.portal?.host ?? mainHost;
  const names = tls.names ?? (isWildcard(listenHost) ? [] : [listenHost]);
  return {
    cert: tls.cert,
    ...(tls.key === undefined ? {} : { key: tls.key }),
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    caDir,
    names,
  };
}

/** `nats.tls` as written; nothing when absent. */
function natsTlsFor(raw: RawHost): Pick<HostConfig['nats'], 'tls'> {
  const tls = raw.nats.tls;
  if (tls === undefined) return {};
  return {
    tls: {
      cert: tls.cert,
      ...(tls.key === undefined ? {} : { key: tls.key }),
      ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    },
  };
}

/** Fills the defaults that follow other fields: everything lives on the first IRC listen host. */
function toHostConfig(raw: RawHost, context: SchemaContext): HostConfig {
  const [mainListener] = raw.listen.irc;
  if (mainListener === undefined) throw new Error('listen.irc is empty, but the schema requires one listener');
  const mainHost = mainListener.host;
  const endpoint = (given: Partial<Endpoint> | undefined, defaultPort: number): Endpoint => ({
    host: given?.host ?? mainHost,
    port: given?.port ?? defaultPort,
  });
  const server = { ...raw.server };
  const dataDir = resolve(context.baseDir, raw.dataDir ?? `./data/${server.name}`);
  const portalTls = portalTlsFor(raw, mainHost, context);
  return {
    source: context.source,
    server,
    listen: {
      irc: raw.listen.irc,
      ircTls:
        raw.tls === undefined
          ? []
          : (raw.listen.ircTls ?? [{ port: DEFAULTS.ircTlsPort }]).map((l) => endpoint(l, l.port)),
      websocket: raw.listen.websocket.map((l) => ({ ...endpoint(l, l.port), tls: l.tls })),
      health: {
        gateway: endpoint(raw.listen.health.gateway, DEFAULTS.healthPorts.gateway),
        state: endpoint(raw.listen.health.state, DEFAULTS.healthPorts.state),
        portal: endpoint(raw.listen.health.portal, DEFAULTS.healthPorts.portal),
      },
      portal: endpoint(raw.listen.portal, DEFAULTS.portalPort),
      control: endpoint(raw.listen.control, DEFAULTS.controlPort),
    },
    nats: {
      url: raw.nats.url ?? natsUrlFor(mainHost),
      auth: raw.nats.auth,
      gateways: raw.nats.gateways,
      ...natsTlsFor(raw),
    },
    ...(raw.tls === undefined ? {} : { tls: clientTlsFor(raw.tls, dataDir) }),
    dataDir,
    log: {
      level: raw.log.level,
      ...(raw.log.file === undefined ? {} : { file: resolve(context.baseDir, raw.log.file) }),
    },
    gateway: raw.gateway,
    host: raw.host,
    portal: { ...raw.portal, tls: portalTls },
    limits: raw.limits,
    flood: raw.flood,
    motd: raw.motdFile ?? raw.motd ?? defaultMotd(server.name, server.network),
    admin: { ...defaultAdmin(server), ...raw.admin },
    operators: raw.operators,
    portals: raw.portals,
    ircx: raw.ircx,
    accounts: raw.accounts,
    auth: raw.auth,
    channels: raw.channels,
    cloaking: raw.cloaking,
    history: raw.history,
  };
}

/** The schema of one host file; its output is exactly `HostConfig`. */
export function hostConfigSchema(context: SchemaContext): z.ZodType<HostConfig> {
  return rawHostSchema(context).transform((raw) => toHostConfig(raw, context));
}
