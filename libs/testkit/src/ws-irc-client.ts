import { WebSocket, type RawData } from 'ws';

export interface WsIrcConnectOptions {
  /** Subprotocols offered, in order (default `text.ircv3.net`); `[]` offers none. */
  protocols?: string[];
  /** The `Origin` header a browser would send; none by default. */
  origin?: string;
  /** Connect from this local address (127.0.0.2, …). */
  localAddress?: string;
  /** Give up connecting after this long (default 5000 ms). */
  timeoutMs?: number;
}

/** One message as received: its frame type and its payload as text. */
export interface WsFrame {
  binary: boolean;
  data: string;
}

/**
 * A browser-style IRC client over WebSocket for black-box tests (`ws` as the client): one IRC line
 * per message each way, as the IRCv3 WebSocket spec says. Keeps every message and its frame type,
 * and waits for lines like IrcTestClient. A wss:// server's certificate is not verified.
 */
export class WsIrcTestClient {
  readonly lines: string[] = [];
  readonly frames: WsFrame[] = [];
  private cursor = 0;
  private waiters: Array<() => void> = [];
  private isClosed = false;
  private pingsAnswered: number | undefined;
  /** The close code the server sent (1000 normal, 1007 bad UTF-8, 1009 too big), once closed. */
  closeCode: number | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      this.frames.push({ binary: isBinary, data: text });
      this.lines.push(text);
      this.answerNewPings();
      this.wake();
    });
    ws.on('close', (code: number) => {
      this.isClosed = true;
      this.closeCode = code;
      this.wake();
    });
    ws.on('error', () => undefined);
  }

  /** Opens `url` (ws://host:port/ or wss://…); rejects on a refused handshake (403, 426, …). */
  static connect(url: string, options: WsIrcConnectOptions = {}): Promise<WsIrcTestClient> {
    const { protocols = ['text.ircv3.net'], origin, localAddress, timeoutMs = 5000 } = options;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols, {
        rejectUnauthorized: false,
        handshakeTimeout: timeoutMs,
        ...(origin === undefined ? {} : { origin }),
        ...(localAddress === undefined ? {} : { localAddress }),
      });
      ws.once('open', () => resolve(new WsIrcTestClient(ws)));
      ws.once('unexpected-response', (_req, res) => {
        ws.terminate();
        reject(new Error(`WebSocket handshake to ${url} refused: HTTP ${res.statusCode ?? '?'}`));
      });
      ws.once('error', reject);
    });
  }

  /** The subprotocol the server chose ('' for none). */
  get protocol(): string {
    return this.ws.protocol;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Sends `line` as one text message (no CR-LF). */
  send(line: string): void {
    this.ws.send(line);
  }

  /** Sends exactly these bytes as one binary message. */
  sendBinary(data: Uint8Array): void {
    this.ws.send(data, { binary: true });
  }

  /** NICK + USER; resolves with the 001 line. */
  async register(nick: string, timeoutMs = 5000): Promise<string> {
    this.send(`NICK ${nick}`);
    this.send(`USER ${nick} 0 * :${nick} test client`);
    return this.waitFor(/^:\S+ 001 /, timeoutMs);
  }

  /** The next line (after the last one a waitFor returned) matching `pattern`. */
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

  async waitClosed(timeoutMs = 5000): Promise<void> {
    await this.waitUntil(() => (this.isClosed ? true : undefined), 'the connection to close', timeoutMs, false);
  }

  /** From now on answers every server PING with a PONG, those already received included. */
  answerPings(): void {
    this.pingsAnswered ??= 0;
    this.answerNewPings();
  }

  close(): void {
    this.ws.terminate();
  }

  private answerNewPings(): void {
    if (this.pingsAnswered === undefined) return;
    for (; this.pingsAnswered < this.lines.length; this.pingsAnswered++) {
      const ping = /^PING (.*)$/.exec(this.lines[this.pingsAnswered] ?? '');
      if (ping && !this.isClosed) this.send(`PONG ${ping[1]}`);
    }
  }

  private waitUntil<T>(find: () => T | undefined, what: string, timeoutMs: number, failOnClose = true): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found !== undefined) return resolve(found);
        const recent = this.lines.slice(this.cursor).slice(-10).join('\n  ');
        if (failOnClose && this.isClosed)
          return reject(new Error(`WebSocket closed while waiting for ${what}; received:\n  ${recent}`));
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
