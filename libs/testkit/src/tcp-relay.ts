import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Endpoint } from './irc-client';

/**
 * A TCP relay in front of one listener (a portal, a server), so a test can break exactly one link
 * of a network the ways a real network breaks: `cut()` closes every relayed connection and drops
 * new ones at once, like a peer whose host vanished; `freeze()` keeps the connections open but
 * lets nothing through, like a dead path that no one closes.
 */
export class TcpRelay {
  private readonly sockets = new Set<Socket>();
  private isCut = false;
  private isFrozen = false;

  private constructor(
    private readonly server: Server,
    /** The port to dial instead of the target's. */
    readonly port: number,
  ) {}

  /** Listens on a free port of `host` and relays each connection to `target`. */
  static async start(target: Endpoint, host = '127.0.0.1'): Promise<TcpRelay> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port: 0 }, () => resolve());
    });
    const relay = new TcpRelay(server, (server.address() as AddressInfo).port);
    // No connection is handled before this: it runs as a microtask right after the listen callback.
    server.on('connection', (inbound) => relay.relay(inbound, target));
    return relay;
  }

  /** Drops every relayed connection and refuses new ones until restore(). */
  cut(): void {
    this.isCut = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  /** Relays new connections again after cut(). */
  restore(): void {
    this.isCut = false;
  }

  /** Stops forwarding bytes without closing anything: both ends hear only silence. */
  freeze(): void {
    this.isFrozen = true;
  }

  /** Drops every connection and stops listening. */
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(inbound: Socket, target: Endpoint): void {
    if (this.isCut) return void inbound.destroy();
    const outbound = createConnection(target);
    for (const [from, to] of [
      [inbound, outbound],
      [outbound, inbound],
    ] as const) {
      this.sockets.add(from);
      from.on('data', (chunk) => {
        if (!this.isFrozen) to.write(chunk);
      });
      from.on('error', () => undefined);
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }
}
