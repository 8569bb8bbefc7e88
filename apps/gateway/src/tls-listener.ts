import { createServer as createHttpsServer } from 'node:https';
import { createSecureContext, createServer, type Server, type TLSSocket } from 'node:tls';
import { certFingerprint, ConfigError, readTlsFiles, type ClientTlsConfig } from '@portalchat/config';
import type { Logger } from '@portalchat/service';

/** What a TLS client brings to state: it is secure, and maybe a certificate's fingerprint. */
export interface SecureInfo {
  tls: boolean;
  certfp?: string;
}

/** Why a handshake failed, as a metric label (a fixed set, like DisconnectKind). */
export type HandshakeFailure = 'timeout' | 'error';

export interface TlsListenerOptions {
  tls: ClientTlsConfig;
  logger: Logger;
  /** A finished handshake: the socket is the client's from here on, like a plain one. */
  onSecureSocket: (socket: TLSSocket, info: SecureInfo) => void;
  onHandshakeFailure: (kind: HandshakeFailure) => void;
}

/**
 * The client TLS servers of one gateway and the certificate they share. Clients may present a
 * certificate (`requestCert`), which is not checked against any CA (`rejectUnauthorized: false`):
 * it only names the client, by fingerprint, for SASL EXTERNAL and WHOIS 276. A handshake that
 * fails or stalls past `handshakeTimeoutSeconds` ends the socket before it is a client, so it
 * never holds a connection slot, a framer or a NATS event.
 */
export class TlsListeners {
  readonly servers: Server[] = [];
  private files: { cert: Buffer; key: Buffer; fingerprint: string };

  constructor(private readonly options: TlsListenerOptions) {
    const files = readTlsFiles(options.tls.cert, options.tls.key);
    // A configuration mistake (exit 2 with the message alone), as `--check` would have reported it.
    if (!files.ok) throw new ConfigError([`tls.${files.field}: ${files.reason}`]);
    this.files = files;
  }

  /** The fingerprint of the certificate served now (for logs and tests). */
  get certificateFingerprint(): string {
    return this.files.fingerprint;
  }

  create(): Server {
    const server = createServer(this.serverOptions());
    server.on('secureConnection', (socket: TLSSocket) => this.options.onSecureSocket(socket, secureInfo(socket)));
    return this.track(server);
  }

  /**
   * An HTTPS server with the same certificate, handshake rules and reload, for wss:// (its
   * sockets become clients after the WebSocket handshake: websocket-listener.ts).
   */
  createHttps(): ReturnType<typeof createHttpsServer> {
    return this.track(createHttpsServer(this.serverOptions()));
  }

  private serverOptions() {
    return {
      cert: this.files.cert,
      key: this.files.key,
      requestCert: true,
      rejectUnauthorized: false,
      handshakeTimeout: this.options.tls.handshakeTimeoutSeconds * 1000,
    };
  }

  private track<S extends Server>(server: S): S {
    const { logger } = this.options;
    server.on('tlsClientError', (err: NodeJS.ErrnoException, socket: TLSSocket) => {
      const kind: HandshakeFailure = err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT' ? 'timeout' : 'error';
      this.options.onHandshakeFailure(kind);
      logger.debug({ ip: socket.remoteAddress, kind, reason: err.code ?? err.message }, 'TLS handshake failed');
      socket.destroy();
    });
    this.servers.push(server);
    return server;
  }

  /**
   * Reads the certificate and key again (SIGHUP) and serves them to new handshakes; sessions
   * already up keep theirs. A pair that fails the checks leaves the old one in place, and says why.
   */
  reload(): { ok: true; fingerprint: string } | { ok: false; reason: string } {
    const { tls, logger } = this.options;
    const files = readTlsFiles(tls.cert, tls.key);
    if (!files.ok) {
      const reason = `tls.${files.field}: ${files.reason}`;
      logger.error({ reason, kept: this.files.fingerprint }, 'TLS reload failed: keeping the current certificate');
      return { ok: false, reason };
    }
    try {
      // What OpenSSL itself refuses (an unsupported key type) fails here, before any server changes.
      createSecureContext({ cert: files.cert, key: files.key });
    } catch (err) {
      const reason = `tls.cert: ${(err as Error).message}`;
      logger.error({ reason, kept: this.files.fingerprint }, 'TLS reload failed: keeping the current certificate');
      return { ok: false, reason };
    }
    for (const server of this.servers) server.setSecureContext({ cert: files.cert, key: files.key });
    this.files = files;
    logger.info({ fingerprint: files.fingerprint }, 'TLS certificate reloaded');
    return { ok: true, fingerprint: files.fingerprint };
  }
}

export function secureInfo(socket: TLSSocket): SecureInfo {
  const peer = socket.getPeerX509Certificate();
  return peer === undefined ? { tls: true } : { tls: true, certfp: certFingerprint(peer.raw) };
}
