import { scryptSync } from 'node:crypto';
import {
  DEFAULTS,
  testHostConfig,
  verifyPassword,
  deriveScramKeysSync,
  withOverrides,
  type HostConfig,
  type OperatorAccount,
  type TestConfigOverrides,
} from '@portalchat/config';
import type { ConnId, SendOp, StateOp } from '@portalchat/protocol';
import type { AuthFailureReport, VerifyRequest } from '../engine/auth';
import { StateEngine } from '../engine/engine';
import type { User } from '../model/types';

/**
 * Test helpers that drive a StateEngine the way the gateway does, with a fake clock.
 *
 *   const h = new Harness();
 *   const alice = h.connect('alice');      // NICK + USER, welcome burst cleared
 *   alice.send('JOIN #a');
 *   alice.lines();                         // lines alice received since the last call
 *   const raw = h.connectUnregistered();   // an open connection that has sent nothing
 */

/** Section-wise overrides of the test config: `makeConfig({ limits: { nickLength: 9 } })`. */
export type ConfigOverrides = TestConfigOverrides;

/**
 * The state specs' host: fixed ports, a MOTD and admin lines to show, small limits where specs
 * probe them. Built afresh per config, so no spec shares a list with another.
 */
function stateTestConfig(): HostConfig {
  return testHostConfig({
    server: { description: 'Test server' },
    listen: {
      irc: [{ host: '127.0.0.1', port: 6667 }],
      health: {
        gateway: { host: '127.0.0.1', port: 8081 },
        state: { host: '127.0.0.1', port: 8082 },
        portal: { host: '127.0.0.1', port: 8083 },
      },
      portal: { host: '127.0.0.1', port: 6665 },
    },
    dataDir: '/tmp/portalchat-test',
    limits: {
      // Only what differs from the product's defaults.
      ...DEFAULTS.limits,
      maxConnectionsPerIp: 1000,
      pingIntervalSeconds: 120,
      awayLength: 200,
      maxChannelsPerUser: 20,
      modesPerCommand: 4,
      whowasHistory: 5,
    },
    flood: { burst: 10, linesPerSecond: 2, maxQueuedLines: 50 },
    // Closed here, so the specs of CAP and SASL see the offer of the host file's accounts alone;
    // the REGISTER specs open it.
    auth: { ...DEFAULTS.auth, registration: false },
    motd: ['Welcome to the test server.'],
    admin: { location1: 'Test City', location2: 'Test Lab', email: 'admin@irc.test' },
  });
}

/** A complete HostConfig with small, valid values; sections are merged with `overrides`. */
export function makeConfig(overrides: ConfigOverrides = {}): HostConfig {
  return withOverrides(stateTestConfig(), overrides);
}

/**
 * An operator account for `makeConfig({ operators: [...] })`, hashed at a tiny scrypt cost so specs
 * stay fast (the format is the real one; verifyPassword reads the cost from the hash).
 */
export function operatorAccount(name: string, password: string, hostmask?: string): OperatorAccount {
  const salt = Buffer.from('portalchat-test-salt');
  const hash = scryptSync(password, salt, 32, { N: 16, r: 1, p: 1 });
  const passwordHash = ['scrypt', 16, 1, 1, salt.toString('base64'), hash.toString('base64')].join('$');
  return { name, passwordHash, level: 'sysop', ...(hostmask ? { hostmask } : {}) };
}

/** The time the fake clock starts at: 2024-01-02T03:04:05.000Z. */
export const TEST_EPOCH = Date.UTC(2024, 0, 2, 3, 4, 5);

export interface ConnectOptions {
  /** Remote IP (also the host name users see). Default: a fresh 127.x.y.z per connection. */
  ip?: string;
  /** USER's username param. Default: the nick. */
  username?: string;
  realname?: string;
  /** Caps to REQ during registration (CAP LS 302 … CAP END). */
  caps?: string[];
  /** Switch the session to IRCX after registering (its 800 and new 005 are drained). */
  ircx?: boolean;
  /** Connected to a TLS listener (with this client certificate fingerprint, if any). */
  tls?: boolean;
  certfp?: string;
}

export interface HarnessOptions {
  /** Emit network events (as with a portal configured); TestNetwork turns it on. */
  network?: boolean;
  /** Called before every pump, e.g. to carry network events between servers first. */
  beforePump?: () => void;
  /**
   * Leave password checks pending (in `heldChecks`) for the spec to answer with `verdict`;
   * by default every pump answers them at once, as a quick adapter would.
   */
  holdChecks?: boolean;
  /** Sees every send op the engine made, before it reaches the clients (the fuzz specs check them). */
  onSend?: (op: SendOp) => void;
}

export class Harness {
  readonly config: HostConfig;
  readonly engine: StateEngine;
  /** The fake clock (ms since the epoch); move it with `advance`. */
  now = TEST_EPOCH;
  private nextConn = 1;
  private readonly clients = new Map<string, TestClient>();
  private readonly beforePump: (() => void) | undefined;
  private readonly holdChecks: boolean;
  private readonly onSend: ((op: SendOp) => void) | undefined;
  /** Checks asked for and not answered yet (with holdChecks). */
  readonly heldChecks: VerifyRequest[] = [];
  /** Every failed or refused attempt the engine reported, in order. */
  readonly authReports: AuthFailureReport[] = [];

  constructor(overrides: ConfigOverrides = {}, options: HarnessOptions = {}) {
    this.config = makeConfig(overrides);
    this.engine = new StateEngine(this.config, () => this.now, `test${this.config.server.id}`, {
      network: options.network,
    });
    this.beforePump = options.beforePump;
    this.holdChecks = options.holdChecks ?? false;
    this.onSend = options.onSend;
  }

  get state() {
    return this.engine.state;
  }

  advance(ms: number): void {
    this.now += ms;
  }

  /** Opens a connection that has not sent anything yet. */
  connectUnregistered(options: { ip?: string; gateway?: string; tls?: boolean; certfp?: string } = {}): TestClient {
    const conn = this.nextConn++;
    const gateway = options.gateway ?? this.config.gateway.id;
    const ip = options.ip ?? `127.${(conn >> 8) & 255}.${conn & 255}.1`;
    const client = new TestClient(this, gateway, conn);
    this.clients.set(`${gateway}:${conn}`, client);
    this.engine.handleEvent(gateway, {
      type: 'open',
      conn,
      ip,
      port: 40000 + conn,
      localIp: '127.0.0.1',
      localPort: options.tls ? 6697 : 6667,
      tls: options.tls ?? false,
      ...(options.certfp !== undefined ? { certfp: options.certfp } : {}),
    });
    return client;
  }

  /** Opens and registers a client (NICK/USER, optional CAP), then clears what it received. */
  connect(nick: string, options: ConnectOptions = {}): TestClient {
    const client = this.connectUnregistered({ ip: options.ip, tls: options.tls, certfp: options.certfp });
    if (options.caps) {
      client.send('CAP LS 302');
      client.send(`CAP REQ :${options.caps.join(' ')}`);
    }
    client.send(`NICK ${nick}`);
    client.send(`USER ${options.username ?? nick} 0 * :${options.realname ?? `${nick} test`}`);
    if (options.caps) client.send('CAP END');
    const welcome = client.lines();
    if (!welcome.some((l) => / 001 /.test(l))) {
      throw new Error(`${nick} did not register; got:\n${welcome.join('\n')}`);
    }
    return options.ircx ? client.ircx() : client;
  }

  /**
   * Puts a registered client into a channel straight in the state, without JOIN (for specs of
   * commands that only need the membership). `modes` are membership modes, e.g. 'o'.
   */
  addToChannel(channelName: string, client: TestClient, modes = ''): void {
    const { channel } = this.state.ensureChannel(channelName, this.now);
    this.state.addMember(channel, client.user, [...modes], this.now);
  }

  /** Answers a held check as the adapter would, with a journaled verdict. */
  verdict(id: number, verdict: 'yes' | 'no' | 'unchecked'): void {
    const index = this.heldChecks.findIndex((r) => r.id === id);
    if (index >= 0) this.heldChecks.splice(index, 1);
    this.engine.passwordVerdict(id, verdict);
  }

  /** The password checks the engine asked for: held, or answered at once (scrypt, inline). */
  private runChecks(): void {
    for (let requests = this.engine.auth.takeRequests(); requests.length > 0;) {
      if (this.holdChecks) {
        this.heldChecks.push(...requests);
        break;
      }
      for (const { id, passwordHash, candidate, derive } of requests) {
        if (derive && candidate !== undefined) {
          const keys = deriveScramKeysSync(candidate, derive.salt, derive.iterations);
          this.engine.passwordVerdict(id, 'yes', undefined, keys);
          continue;
        }
        const verdict = candidate === undefined ? 'unchecked' : verifyPassword(candidate, passwordHash) ? 'yes' : 'no';
        this.engine.passwordVerdict(id, verdict);
      }
      // A verdict releases held lines, which may ask for another check.
      requests = this.engine.auth.takeRequests();
    }
    this.authReports.push(...this.engine.auth.takeReports());
  }

  /** Moves everything the engine sent into the recipients' inboxes. */
  pump(): void {
    this.runChecks();
    this.beforePump?.();
    for (const [gateway, ops] of this.engine.out.drain()) {
      for (const op of ops) {
        if (op.type === 'send') this.onSend?.(op);
        const ids = op.type === 'send' ? op.to : [op.conn];
        for (const id of ids) {
          const client = this.clients.get(`${gateway}:${id}`);
          if (client) client.receive(op);
        }
      }
    }
  }
}

/** One fake client connection. */
export class TestClient {
  private inbox: string[] = [];
  /** The reason of the close op state sent, once it sent one. */
  closedReason: string | undefined;
  /** The `registered` ops state sent (nick and flood exemption). */
  readonly registrations: { nick: string; floodExempt: boolean }[] = [];
  /** How many `ircx` ops state sent (the gateway's cue for a REDIRECT on a planned stop). */
  ircxOps = 0;
  /** The IRCX LAG spacings (ms) state sent for this connection, in order. */
  readonly lagOps: number[] = [];

  constructor(
    private readonly harness: Harness,
    readonly gateway: string,
    readonly conn: ConnId,
  ) {}

  /** The registered user behind this connection (throws if not registered). */
  get user(): User {
    const user = this.harness.state.connection(this.gateway, this.conn)?.user;
    if (!user) throw new Error(`connection ${this.conn} is not registered`);
    return user;
  }

  /** Sends one raw line as if typed by the client. */
  send(line: string): void {
    this.harness.engine.handleEvent(this.gateway, { type: 'line', conn: this.conn, line });
  }

  /** Switches the session to IRCX (`IRCX`) and drains the reply. */
  ircx(): this {
    this.send('IRCX');
    this.lines();
    return this;
  }

  /** Returns and clears the lines received since the last call. */
  lines(): string[] {
    this.harness.pump();
    const out = this.inbox;
    this.inbox = [];
    return out;
  }

  /** Sends a line and returns what came back (to this client) because of it. */
  ask(line: string): string[] {
    this.lines();
    this.send(line);
    return this.lines();
  }

  /** The gateway reports the socket closed (the client went away). */
  disconnect(reason = 'Connection closed'): void {
    this.harness.engine.handleEvent(this.gateway, { type: 'closed', conn: this.conn, reason });
  }

  get closed(): boolean {
    this.harness.pump();
    return this.closedReason !== undefined;
  }

  /** @internal used by Harness.pump */
  receive(op: StateOp): void {
    if (op.type === 'send') this.inbox.push(...op.line.split('\r\n'));
    else if (op.type === 'close') this.closedReason = op.reason;
    else if (op.type === 'registered') this.registrations.push({ nick: op.nick, floodExempt: op.floodExempt });
    else if (op.type === 'lag') this.lagOps.push(op.ms);
    else this.ircxOps++;
  }
}
