import { createConnection, type Socket } from 'node:net';

/** One `364 RPL_LINKS` line: `<server> <uplink> :<hops> <description>`. */
export interface LinkEntry {
  server: string;
  uplink: string;
  hops: number;
  description: string;
}

const RPL_LINKS = /^:\S+ 364 \S+ (\S+) (\S+) :(\d+) ?(.*)$/;
const RPL_ENDOFLINKS = /^:\S+ 365 /;

/** The servers in the 364 lines of one LINKS reply (up to its 365), in the order received. */
export function parseLinks(lines: readonly string[]): LinkEntry[] {
  const entries: LinkEntry[] = [];
  for (const line of lines) {
    if (RPL_ENDOFLINKS.test(line)) break;
    const [, server, uplink, hops, description] = RPL_LINKS.exec(line) ?? [];
    if (server !== undefined && uplink !== undefined && hops !== undefined)
      entries.push({ server, uplink, hops: Number(hops), description: description ?? '' });
  }
  return entries;
}

/** The network as a table: nearest servers first, each with the server it is linked behind. */
export function formatNetwork(viewedFrom: string, entries: readonly LinkEntry[]): string[] {
  const sorted = [...entries].sort((a, b) => a.hops - b.hops || a.server.localeCompare(b.server));
  const width = Math.max(...sorted.map((e) => e.server.length), 6);
  return [
    `The network as LINKS shows it on ${viewedFrom} (${entries.length} server${entries.length === 1 ? '' : 's'}):`,
    ...sorted.map((e) => {
      const via = e.hops === 0 ? 'this server' : `${e.hops} hop${e.hops === 1 ? '' : 's'}, behind ${e.uplink}`;
      return `  ${e.server.padEnd(width)}  ${via.padEnd(26)}  ${e.description}`;
    }),
  ];
}

/**
 * A throwaway IRC client that asks a server for LINKS: registers under a random nick, answers
 * PINGs, and repeats LINKS on demand. Used by the launcher to see when the network is linked.
 */
export class LinksProbe {
  private readonly lines: string[] = [];
  private pending = '';
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      const parts = (this.pending + chunk).split('\r\n');
      this.pending = parts.pop() ?? '';
      for (const line of parts) {
        const ping = /^PING (.*)$/.exec(line);
        if (ping) socket.write(`PONG ${ping[1]}\r\n`);
        else this.lines.push(line);
      }
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  /** Connects and registers; rejects when the server does not send 001 within `timeoutMs`. */
  static async open(irc: { host: string; port: number }, timeoutMs = 5000): Promise<LinksProbe> {
    const socket = createConnection(irc);
    const probe = new LinksProbe(socket);
    const nick = `launcher${Math.floor(Math.random() * 1e6)}`;
    socket.write(`NICK ${nick}\r\nUSER launcher 0 * :Portalchat launcher\r\n`);
    await probe.until(
      (lines) => lines.some((l) => /^:\S+ 001 /.test(l)),
      timeoutMs,
      `no welcome from ${irc.host}:${irc.port}`,
    );
    return probe;
  }

  /** One LINKS round trip. */
  async links(timeoutMs = 3000): Promise<LinkEntry[]> {
    this.lines.length = 0;
    this.socket.write('LINKS\r\n');
    await this.until((lines) => lines.some((l) => RPL_ENDOFLINKS.test(l)), timeoutMs, 'no end of LINKS (365)');
    return parseLinks(this.lines);
  }

  close(): void {
    if (!this.closed) this.socket.end('QUIT :launcher done\r\n');
    // The server closes after QUIT; don't wait for it longer than a second.
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  private async until(done: (lines: string[]) => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.lines)) {
      if (this.closed) throw new Error(`${what}: connection closed (${this.lines.slice(-3).join(' | ')})`);
      if (Date.now() >= deadline) throw new Error(`${what} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/**
 * Asks LINKS every `intervalMs` until it lists `expected` servers or `timeoutMs` passes; returns
 * the last answer either way (the caller tells the user what is missing).
 */
export async function waitForLinks(
  irc: { host: string; port: number },
  expected: number,
  timeoutMs: number,
  intervalMs = 500,
): Promise<{ linked: boolean; entries: LinkEntry[] }> {
  const deadline = Date.now() + timeoutMs;
  const probe = await LinksProbe.open(irc);
  try {
    for (;;) {
      const entries = await probe.links();
      if (entries.length >= expected) return { linked: true, entries };
      if (Date.now() + intervalMs >= deadline) return { linked: false, entries };
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  } finally {
    probe.close();
  }
}
