import { createConnection, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/** Where a server listens. */
export interface Endpoint {
  host: string;
  port: number;
}

export interface IrcConnectOptions {
  /** Connect from this local address (127.0.0.2, …): one machine looks like several client IPs. */
  localAddress?: string;
  /** Give up connecting after this long (default 5000 ms). */
  timeoutMs?: number;
  /**
   * Connect with TLS (the server's certificate is not verified: tests use self-signed ones),
   * presenting this client certificate and key (PEM) when given.
   */
  tls?: { cert?: string | Buffer; key?: string | Buffer };
}

/**
 * A raw-socket IRC client for black-box tests: writes lines as given, keeps every byte and every
 * line received, and lets a test wait for the next line matching a pattern. No parsing and no
 * automatic PONG (unless answerPings() is called), so tests see exactly what a real client would.
 */
export class IrcTestClient {
  /** Every complete line received so far, without the CR-LF. */
  readonly lines: string[] = [];
  /** When each line of `lines` arrived (ms since the epoch), at the same index. */
  readonly lineTimes: number[] = [];
  private text = '';
  private cursor = 0;
  private pending = '';
  private waiters: Array<() => void> = [];
  private isClosed = false;
  private pingsAnswered: number | undefined;

  private constructor(
    /** The socket itself, for what no line can do (half-close, stop reading). */
    readonly socket: Socket,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.text += chunk;
      this.pending += chunk;
      const parts = this.pending.split('\r\n');
      this.pending = parts.pop() ?? '';
      this.lines.push(...parts);
      const now = Date.now();
      for (let i = 0; i < parts.length; i++) this.lineTimes.push(now);
      this.answerNewPings();
      this.wake();
    });
    socket.on('close', () => {
      this.isClosed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static connect(endpoint: Endpoint, options: IrcConnectOptions = {}): Promise<IrcTestClient> {
    const { host, port } = endpoint;
    const { localAddress, timeoutMs = 5000, tls } = options;
    return new Promise((resolve, reject) => {
      const socket = tls
        ? connectTls({
            socket: createConnection({ host, port, localAddress }),
            rejectUnauthorized: false,
            cert: tls.cert,
            key: tls.key,
          })
        : createConnection({ host, port, localAddress });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new Error(
            `could not connect to ${host}:${port}${localAddress ? ` from ${localAddress}` : ''} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        resolve(new IrcTestClient(socket));
      });
      socket.once('error', (err: Error) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  /** Everything received so far as text, line ends included (for byte-exact checks). */
  get received(): string {
    return this.text;
  }

  /** Whether the connection has closed (either side). */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Writes `line` and a CR-LF. */
  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  /** Writes exactly these bytes: partial lines, bare LF, invalid UTF-8. */
  write(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  /** NICK + USER; resolves with the 001 line. */
  async register(nick: string, timeoutMs = 5000): Promise<string> {
    this.send(`NICK ${nick}`);
    this.send(`USER ${nick} 0 * :${nick} test client`);
    return this.waitFor(/^:\S+ 001 /, timeoutMs);
  }

  /**
   * Sends `CAP LS 302` and reads the whole reply, which may span lines (every line but the last
   * has `*` before the list): its lines, and the capabilities of all of them joined by spaces.
   */
  async capLs(timeoutMs = 5000): Promise<{ lines: string[]; caps: string }> {
    this.send('CAP LS 302');
    const lines: string[] = [];
    for (;;) {
      const line = await this.waitFor(/^:\S+ CAP \S+ LS /, timeoutMs);
      lines.push(line);
      if (!/^:\S+ CAP \S+ LS \* :/.test(line)) break;
    }
    const caps = lines.map((line) => line.slice(line.indexOf(' :', line.indexOf(' LS ')) + 2)).join(' ');
    return { lines, caps };
  }

  /**
   * The next line (after the last one a waitFor returned) that matches `pattern`. Lines skipped
   * on the way stay in `lines` for inspection. Rejects on timeout or when the connection closed
   * first, quoting what arrived.
   */
  waitFor(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    return this.waitUntil(
      () => {
        for (let i = this.cursor; i < this.lines.length; i++) {
          const line = this.lines[i];
          if (line !== undefined && pattern.test(line)) {
            this.cursor = i + 1;
            return line;
          }
        }
        return undefined;
      },
      `a line matching ${pattern}`,
      timeoutMs,
    );
  }

  /** Resolves once the connection has closed. */
  async waitClosed(timeoutMs = 5000): Promise<void> {
    await this.waitUntil(() => (this.isClosed ? true : undefined), 'the connection to close', timeoutMs, false);
  }

  /**
   * From now on answers every server PING with a PONG, those already received included (a host
   * with a short ping interval would otherwise drop a client that is kept waiting).
   */
  answerPings(): void {
    this.pingsAnswered ??= 0;
    this.answerNewPings();
  }

  close(): void {
    this.socket.destroy();
  }

  private answerNewPings(): void {
    if (this.pingsAnswered === undefined) return;
    for (; this.pingsAnswered < this.lines.length; this.pingsAnswered++) {
      const line = this.lines[this.pingsAnswered];
      if (line === undefined) break; // within lines.length
      const ping = /^PING (.*)$/.exec(line);
      if (ping && !this.isClosed) this.send(`PONG ${ping[1]}`);
    }
  }

  /** Wakes on every chunk and on close; `failOnClose` rejects once closed and `find` found nothing. */
  private waitUntil<T>(find: () => T | undefined, what: string, timeoutMs: number, failOnClose = true): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found !== undefined) return resolve(found);
        const recent = this.lines.slice(this.cursor).slice(-10).join('\n  ');
        if (failOnClose && this.isClosed)
          return reject(new Error(`connection closed while waiting for ${what}; received:\n  ${recent}`));
        if (Date.now() >= deadline)
          return reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; received:\n  ${recent}`));
        const retry = () => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== retry);
          check();
        };
        const timer = setTimeout(retry, deadline - Date.now());
        this.waiters.push(retry);
      };
      check();
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
