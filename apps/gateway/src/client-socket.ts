import type { OutputSocket } from './send-queue';

/**
 * The part of a client's socket the gateway uses, whatever carries it: a TCP or TLS socket
 * (net.Socket fits as it is) or a WebSocket (websocket-client-socket.ts, which emits each message
 * as one line). Limits, flood control, liveness and closing work on this alone, so every
 * transport goes through the same rules.
 */
export interface ClientSocket extends OutputSocket {
  readonly remoteAddress?: string | undefined;
  readonly remotePort?: number | undefined;
  readonly localAddress?: string | undefined;
  readonly localPort?: number | undefined;
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'close', listener: () => void): this;
  on(event: 'error', listener: (err: NodeJS.ErrnoException) => void): this;
  /** Stops reading input (state is behind: backpressure), and starts again. */
  pause(): this;
  resume(): this;
  /** Sends what was written (and `data`), then closes. */
  end(): this;
  end(data: string): this;
  /** Closes now, dropping what is not sent yet. */
  destroy(): this;
  /** TCP only: a WebSocket library sets it on its own socket. */
  setNoDelay?(noDelay?: boolean): this;
}
