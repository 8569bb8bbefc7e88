import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { PeerTransport } from './peer-check';
import { peerTransport } from './portal-tls';
import { describeTlsFailure } from './tls-credentials';

/** The first byte of a TLS handshake record; a gRPC client in plaintext starts with "PRI * HTTP/2.0". */
const TLS_HANDSHAKE = 0x16;
/** A connection that has not finished its TLS handshake by then is dropped. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

export interface PortalListenerOptions {
  host: string;
  port: number;
  /** Our certificate (chain) and key, PEM. */
  cert: Buffer;
  key: Buffer;
  /** A connection ready for gRPC: TLS already unwrapped, with what the peer showed. */
  onConnection(connection: Socket | TLSSocket, transport: PeerTransport): void;
  /** A connection that never got that far: the remote address and why. */
  onFailure(remote: string, reason: string): void;
}

export interface PortalListener {
  port: number;
  close(): void;
}

/**
 * The portal's listener. TLS is done here rather than inside grpc-js, which accepts only
 * certificates its CA list verifies and hides any other from the service: a pinned, self-signed
 * or wrong certificate must reach the handshake, be checked against the entry the peer claims to
 * be, and be refused there with a reason both sides log and show in /readyz. So every client
 * certificate is asked for and none refused at the TLS layer. A connection whose first byte is
 * not a TLS record is a plaintext dial: it is passed on as such, for the handshake to accept
 * (`insecure: true`) or refuse with the reason.
 */
export function listenForPortals(options: PortalListenerOptions): Promise<PortalListener> {
  const sockets = new Set<Socket>();
  // Not listening itself: the plain server below hands it the connections that start with TLS.
  const tls = createTlsServer({
    cert: options.cert,
    key: options.key,
    requestCert: true,
    rejectUnauthorized: false,
    ALPNProtocols: ['h2'],
    handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
  });
  tls.on('secureConnection', (secure: TLSSocket) => {
    // Errors after this belong to gRPC's session on the socket; until then, to nobody.
    secure.on('error', () => secure.destroy());
    options.onConnection(secure, peerTransport(secure));
  });
  tls.on('tlsClientError', (err: Error, secure: TLSSocket) => {
    options.onFailure(`${secure.remoteAddress}:${secure.remotePort}`, describeTlsFailure(err));
    secure.destroy();
  });
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setTimeout(HANDSHAKE_TIMEOUT_MS, () => {
      options.onFailure(remote, `nothing received within ${HANDSHAKE_TIMEOUT_MS / 1000} s`);
      socket.destroy();
    });
    socket.on('error', () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.setTimeout(0);
      // The TLS socket built on it reads what was put back before the rest.
      socket.unshift(first);
      if (first[0] === TLS_HANDSHAKE) tls.emit('connection', socket);
      else options.onConnection(socket, { tls: false });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : options.port,
        close() {
          server.close();
          for (const socket of sockets) socket.destroy();
        },
      });
    });
  });
}
