import { createConnection, type Socket } from 'node:net';

/**
 * The smallest IRC client the flood needs: lines out, each line in handed to `onLine` with the
 * time it arrived. It answers the server's PINGs so the gateway never times it out.
 */
export class LineClient {
  closed = false;
  private pending = '';

  private constructor(
    private readonly socket: Socket,
    private readonly onLine: (line: string, at: number) => void,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      const at = performance.now();
      const parts = (this.pending + chunk).split('\r\n');
      this.pending = parts.pop() ?? '';
      for (const line of parts) {
        if (line.startsWith('PING ')) this.send(`PONG ${line.slice(5)}`);
        this.onLine(line, at);
      }
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  static connect(
    port: number,
    localAddress: string,
    onLine: (line: string, at: number) => void,
    timeoutMs = 5000,
  ): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port, localAddress });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no TCP connection from ${localAddress} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new LineClient(socket, onLine));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  send(line: string): void {
    if (!this.closed) this.socket.write(`${line}\r\n`);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Registers `nick` and resolves with the ms it took to get 001, or rejects on ERROR, close or timeout. */
export async function register(
  port: number,
  localAddress: string,
  nick: string,
  onLine: (line: string, at: number) => void = () => undefined,
  timeoutMs = 10_000,
): Promise<{ client: LineClient; ms: number }> {
  const started = performance.now();
  // 'welcome', or why not.
  let settle: ((outcome: string) => void) | undefined;
  const outcome = new Promise<string>((resolve) => (settle = resolve));
  const client = await LineClient.connect(port, localAddress, (line, at) => {
    if (/^:\S+ 001 /.test(line)) settle?.('welcome');
    else if (line.startsWith('ERROR')) settle?.(line);
    onLine(line, at);
  });
  client.send(`NICK ${nick}`);
  client.send(`USER ${nick} 0 * :${nick}`);
  const timer = setTimeout(() => settle?.(`no 001 within ${timeoutMs} ms`), timeoutMs);
  const result = await outcome;
  clearTimeout(timer);
  if (result !== 'welcome') {
    client.close();
    throw new Error(`${nick} was not registered: ${result}`);
  }
  return { client, ms: performance.now() - started };
}
