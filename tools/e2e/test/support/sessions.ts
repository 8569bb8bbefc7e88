import { connectFrom } from './connect-from';
import { IrcTestClient } from './irc-client';
import type { TestHost } from './test-host';

/** A line every reply of this host starts with, as a regex fragment (`:irc\.e2e\.test `). */
export function serverPrefix(host: TestHost): string {
  return `:${host.name.replace(/\./g, '\\.')} `;
}

/** Escapes `text` for use inside a RegExp. */
export function re(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The raw clients of one spec file: each test takes its clients from here and `closeAll()` in
 * afterEach drops them, so no test leaks a connection (or a nick) into the next. Nicks get a
 * per-file counter so a test never waits for the previous test's QUIT to free a nick.
 */
export class ClientPool {
  private readonly open = new Set<IrcTestClient>();
  private readonly keepers = new Map<IrcTestClient, NodeJS.Timeout>();
  private serial = 0;

  constructor(private readonly host: () => TestHost) {}

  /** `base` plus a number unique in this pool (nicks stay short: NICKLEN is 30). */
  nick(base: string): string {
    return `${base}${++this.serial}`;
  }

  /** A raw connection, from `localAddress` (another loopback address) when given. */
  async connect(localAddress?: string): Promise<IrcTestClient> {
    const { irc } = this.host();
    const client = localAddress ? await connectFrom(irc, localAddress) : await IrcTestClient.connect(irc.host, irc.port);
    this.open.add(client);
    return client;
  }

  /** Connects and registers `nick`; resolves after the end of the MOTD (376 or 422). */
  async registered(nick: string, localAddress?: string): Promise<IrcTestClient> {
    const client = await this.connect(localAddress);
    await client.register(nick);
    await client.waitFor(/^:\S+ (376|422) /);
    return client;
  }

  /**
   * Answers every server PING (hosts with a 1-second ping interval need this). Polls the received
   * lines; stops when the client is closed through the pool.
   */
  keepAlive(client: IrcTestClient): void {
    let seen = 0;
    const timer = setInterval(() => {
      for (; seen < client.lines.length; seen++) {
        const ping = /^PING (.*)$/.exec(client.lines[seen]);
        if (ping) client.send(`PONG ${ping[1]}`);
      }
    }, 50);
    this.keepers.set(client, timer);
  }

  closeAll(): void {
    for (const timer of this.keepers.values()) clearInterval(timer);
    this.keepers.clear();
    for (const client of this.open) client.close();
    this.open.clear();
  }
}

let syncSerial = 0;

/**
 * Round-trips a PING so that everything the server had queued for `client` before it has
 * arrived: a server answers one connection's commands in order. Returns the lines received
 * in between (excluding the PONG), for "exactly these lines and nothing else" checks.
 */
export async function sync(client: IrcTestClient, timeoutMs = 5000): Promise<string[]> {
  const token = `sync${++syncSerial}`;
  const from = client.lines.length;
  client.send(`PING ${token}`);
  const pong = await client.waitFor(new RegExp(`^:\\S+ PONG \\S+ :?${token}$`), timeoutMs);
  const at = client.lines.lastIndexOf(pong);
  return client.lines.slice(from, at);
}

/** The lines received since the last waitFor/sync position that match `pattern`. */
export function linesMatching(client: IrcTestClient, pattern: RegExp, since = 0): string[] {
  return client.lines.slice(since).filter((line) => pattern.test(line));
}

/** Milliseconds of quiet waiting; only where a test must show that something does NOT happen. */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 20 ms until it holds; rejects with `what` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await pause(20);
  }
}
