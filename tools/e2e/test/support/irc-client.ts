import { createConnection, type Socket } from 'node:net';

/**
 * A raw-socket IRC client for black-box tests: writes lines as given, keeps every line received,
 * and lets a test wait for the next line matching a pattern. No parsing, no auto-PONG, so tests
 * see exactly what a real client would.
 */
export class IrcTestClient {
  /** Every line received so far, without the CRLF. */
  readonly lines: string[] = [];
  private cursor = 0;
  private pending = '';
  private waiters: Array<() => void> = [];
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.pending += chunk;
      const parts = this.pending.split('\r\n');
      this.pending = parts.pop() ?? '';
      this.lines.push(...parts);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static connect(host: string, port: number, timeoutMs = 5000): Promise<IrcTestClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`could not connect to ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new IrcTestClient(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  /** NICK + USER; resolves with the 001 line. */
  async register(nick: string, timeoutMs = 5000): Promise<string> {
    this.send(`NICK ${nick}`);
    this.send(`USER ${nick} 0 * :${nick} test client`);
    return this.waitFor(/^:\S+ 001 /, timeoutMs);
  }

  /**
   * The next line (after the last one a waitFor returned) that matches `pattern`. Lines skipped
   * on the way stay in `lines` for inspection. Rejects on timeout or when the server closed the
   * connection first, quoting what arrived.
   */
  waitFor(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let i = this.cursor; i < this.lines.length; i++) {
          if (pattern.test(this.lines[i])) {
            this.cursor = i + 1;
            return resolve(this.lines[i]);
          }
        }
        const recent = this.lines.slice(this.cursor).slice(-10).join('\n  ');
        if (this.closed) return reject(new Error(`connection closed before ${pattern}; received:\n  ${recent}`));
        if (Date.now() >= deadline) return reject(new Error(`no line matched ${pattern} within ${timeoutMs} ms; received:\n  ${recent}`));
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

  /** Resolves once the server has closed the connection. */
  waitClosed(timeoutMs = 5000): Promise<void> {
    return this.waitFor(/(?!)/, timeoutMs).then(
      () => undefined,
      (err: Error) => (this.closed ? undefined : Promise.reject(err)),
    );
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
