// A raw TCP IRC client for black-box specs: write lines, wait for what arrives.
import { createConnection, type Socket } from 'node:net';

export class RawIrcClient {
  received = '';
  closed = false;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      this.received += data;
      this.wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawIrcClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host, port });
      socket.once('connect', () => resolve(new RawIrcClient(socket)));
      socket.once('error', reject);
    });
  }

  send(text: string): void {
    this.socket.write(text);
  }

  /** Waits until everything received matches `pattern`; fails after `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs = 3000): Promise<string> {
    return this.until(() => pattern.test(this.received), `output matching ${pattern}`, timeoutMs).then(() => this.received);
  }

  async waitClosed(timeoutMs = 3000): Promise<void> {
    return this.until(() => this.closed, 'the socket to close', timeoutMs);
  }

  close(): void {
    this.socket.destroy();
  }

  private until(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.received)}`)), timeoutMs);
      const check = () => {
        if (!done()) return this.waiters.push(check);
        clearTimeout(timer);
        resolve();
      };
      check();
    });
  }

  private wake(): void {
    const waiters = this.waiters.splice(0);
    for (const w of waiters) w();
  }
}
