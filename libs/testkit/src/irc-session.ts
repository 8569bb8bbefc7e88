import { IrcTestClient, type Endpoint } from './irc-client';

/** Escapes `text` for use inside a RegExp. */
export function re(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The start of every reply from server `name`, as a regex fragment (`:irc\.e2e\.test `). */
export function serverPrefix(server: { name: string }): string {
  return `:${re(server.name)} `;
}

/**
 * The clients of one spec file: each test takes its clients from here and `closeAll()` in
 * afterEach drops them, so no test leaks a connection (or a nick) into the next. Nicks get a
 * per-pool counter so a test never waits for the previous test's QUIT to free a nick.
 */
export class ClientPool {
  private readonly open = new Set<IrcTestClient>();
  private serial = 0;

  /** `server` is asked at each connect: the host usually starts after the pool is made. */
  constructor(private readonly server: () => { irc: Endpoint }) {}

  /** `base` plus a number unique in this pool (nicks stay short: NICKLEN is 30). */
  nick(base: string): string {
    return `${base}${++this.serial}`;
  }

  /** A raw connection, from `localAddress` (another loopback address) when given. */
  async connect(localAddress?: string): Promise<IrcTestClient> {
    const client = await IrcTestClient.connect(this.server().irc, { localAddress });
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

  closeAll(): void {
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
