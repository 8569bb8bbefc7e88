import type { ConnId } from '@portalchat/protocol';
import type { ClientSocket } from './client-socket';
import { FloodControl, type FloodLimits } from './flood-control';
import { LineFramer, type FramedItem } from './line-framer';
import { isMessageLine } from './message-lines';
import { SendQueue, type FlushScheduler } from './send-queue';

/** How long a closing socket may take to drain its last lines before it is destroyed. */
const CLOSE_GRACE_MS = 5000;

/** Node socket error codes in the words IRC servers use for the QUIT reason. */
const SOCKET_ERROR_REASONS: Record<string, string> = {
  ECONNRESET: 'Connection reset by peer',
  EPIPE: 'Broken pipe',
  ETIMEDOUT: 'Connection timed out',
};

export function socketErrorReason(err: NodeJS.ErrnoException): string {
  return SOCKET_ERROR_REASONS[err.code ?? ''] ?? `Read error: ${err.code ?? err.message}`;
}

export interface ClientConnectionOptions {
  id: ConnId;
  socket: ClientSocket;
  ip: string;
  flood: FloodLimits;
  clock: () => number;
  scheduler: FlushScheduler;
  sendQBytes: number;
  onSendQExceeded: (client: ClientConnection) => void;
}

/**
 * One client socket (TCP, TLS or WebSocket: client-socket.ts) and its per-connection machinery: input framing, flood control and the
 * output queue. Holds no policy; the gateway (app.ts) decides what happens to lines and closes.
 */
export class ClientConnection {
  readonly id: ConnId;
  readonly socket: ClientSocket;
  readonly ip: string;
  readonly framer = new LineFramer();
  readonly flood: FloodControl<FramedItem>;
  readonly output: SendQueue;
  registered = false;
  /** State said the session switched to IRCX: a planned stop sends it REDIRECT (drain.ts). */
  ircx = false;
  /** Set once the gateway started closing; later input and output are ignored. */
  closing = false;
  /** The socket error seen before 'close', reported as the QUIT reason. */
  errorReason: string | undefined;

  constructor(opts: ClientConnectionOptions) {
    this.id = opts.id;
    this.socket = opts.socket;
    this.ip = opts.ip;
    this.flood = new FloodControl(opts.flood, opts.clock, isMessageLine);
    this.output = new SendQueue(opts.socket, opts.scheduler, opts.sendQBytes, () => opts.onSendQExceeded(this));
  }

  /** Writes what is queued, then half-closes; a peer that never reads is destroyed after a grace. */
  endGracefully(): void {
    this.output.flush();
    this.output.kill();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** Drops the socket now, discarding queued output (SendQ exceeded, peer already gone). */
  destroy(): void {
    this.output.kill();
    this.socket.destroy();
  }
}

/** Ends a socket that never became a client (refused at accept) after writing one line. */
export function refuseSocket(socket: ClientSocket, line: string): void {
  socket.on('error', () => {});
  socket.end(`${line}\r\n`);
  setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
}
