import { isIP } from 'node:net';
import { connect, type SecureContext, type TLSSocket } from 'node:tls';
import * as grpc from '@grpc/grpc-js';

type Connector = ReturnType<grpc.ChannelCredentials['_createSecureConnector']>;

export interface DialTlsOptions {
  /** Our certificate and key (the peer asks for a client certificate). */
  context: SecureContext;
  /** The peer's address: sent as SNI when it is a DNS name. */
  address: string;
  /** Why the peer's certificate is refused, or undefined to go on. */
  verify(socket: TLSSocket): string | undefined;
  /** Told why a connection was refused here, before grpc-js turns it into an UNAVAILABLE. */
  onRefused(reason: string): void;
}

/**
 * Channel credentials that run TLS for one dial and check the peer's certificate with `verify`.
 * grpc-js's own TLS (createSsl) checks a certificate only after its CA list has verified it, so a
 * pinned certificate from an unknown CA could never be accepted, and a refusal's reason would be
 * lost in "No connection established". Subclassing ChannelCredentials is grpc-js's extension
 * point for this (its `_createSecureConnector`, grpc-js 1.14, pinned exactly in package.json).
 */
export class PortalDialCredentials extends grpc.ChannelCredentials {
  constructor(private readonly options: DialTlsOptions) {
    super();
  }

  override _isSecure(): boolean {
    return true;
  }

  override _equals(other: grpc.ChannelCredentials): boolean {
    return other === this;
  }

  override _createSecureConnector(...args: Parameters<grpc.ChannelCredentials['_createSecureConnector']>): Connector {
    const callCredentials = args[2] ?? grpc.credentials.createEmpty();
    const { context, address } = this.options;
    const options = this.options;
    return {
      connect: (socket) =>
        new Promise((resolve, reject) => {
          const secure = connect({
            socket,
            secureContext: context,
            ALPNProtocols: ['h2'],
            // Checked by `verify` below, against the portal entry, once the handshake is done.
            rejectUnauthorized: false,
            ...(isIP(address) === 0 ? { servername: address } : {}),
          });
          let settled = false;
          secure.once('secureConnect', () => {
            settled = true;
            const problem = options.verify(secure);
            if (problem === undefined) return resolve({ socket: secure, secure: true });
            options.onRefused(problem);
            secure.destroy();
            reject(new Error(problem));
          });
          secure.on('error', (err: Error & { code?: string; reason?: string }) => {
            if (settled) return;
            settled = true;
            const reason = describeTlsFailure(err);
            options.onRefused(reason);
            reject(new Error(reason));
          });
        }),
      waitForReady: () => Promise.resolve(),
      getCallCredentials: () => callCredentials,
      destroy: () => undefined,
    };
  }
}

/**
 * A TLS failure in words an operator can act on: OpenSSL's reason (`sslv3 alert handshake
 * failure`) rather than its whole error line with file names and numbers.
 */
export function describeTlsFailure(err: Error & { code?: string; reason?: string }): string {
  const reason = err.reason ?? err.message;
  if (err.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || err.code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG')
    return `TLS handshake failed: the peer does not speak TLS (${reason})`;
  return `TLS handshake failed: ${reason}`;
}
