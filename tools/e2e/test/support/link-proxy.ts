import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of one portal listener, so a test can cut exactly one link of a network
 * (stopping a portal would cut all of its links). While cut it closes every relayed connection
 * and drops new ones at once, like a peer whose host vanished; `restore()` relays again.
 */
export class LinkProxy {
  private readonly sockets = new Set<Socket>();
  private cutOff = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on a free port of `host` and relays each connection to `target`. */
  static async start(host: string, target: { host: string; port: number }): Promise<LinkProxy> {
    let proxy: LinkProxy | undefined;
    const server = createServer((inbound) => proxy!.relay(inbound, target));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    proxy = new LinkProxy(server, (server.address() as { port: number }).port);
    return proxy;
  }

  /** Drops every relayed connection and refuses new ones until restore(). */
  cut(): void {
    this.cutOff = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.cutOff = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(inbound: Socket, target: { host: string; port: number }): void {
    if (this.cutOff) return void inbound.destroy();
    const outbound = createConnection(target);
    for (const socket of [inbound, outbound]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  }
}
