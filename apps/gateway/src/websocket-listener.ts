import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { MAX_LINE_BYTES, MAX_TAGS_BYTES } from '@portalchat/protocol';
import type { Logger } from '@portalchat/service';
import { WebSocketServer } from 'ws';
import { secureInfo, type SecureInfo } from './tls-listener';
import { dispatchHttp, type HttpRoute } from './web/http-routes';
import { BINARY_SUBPROTOCOL, TEXT_SUBPROTOCOL, WebSocketClientSocket } from './websocket-client-socket';

/**
 * The largest message read: one line at the tag and body limits. A longer line inside it gets
 * 417 from the framer as on TCP; a message past it closes the connection (1009), so a client can
 * never make the gateway hold more than this for one line.
 */
export const MAX_MESSAGE_BYTES = MAX_TAGS_BYTES + MAX_LINE_BYTES;

/**
 * The subprotocol answered: text when the client offers it (first in Ergo's list), else binary,
 * else none (the client then gets text frames, websocket-client-socket.ts).
 */
export function chooseSubprotocol(offered: ReadonlySet<string>): string | false {
  if (offered.has(TEXT_SUBPROTOCOL)) return TEXT_SUBPROTOCOL;
  if (offered.has(BINARY_SUBPROTOCOL)) return BINARY_SUBPROTOCOL;
  return false;
}

/**
 * `gateway.websocketOrigins`: an empty list allows every page. Otherwise a browser's `Origin`
 * must be listed; a client with no Origin header is no browser (a bot, a native client), and an
 * Origin check protects only browsers' users from other sites' pages, so it is let in.
 */
export function originAllowed(allowed: readonly string[], origin: string | undefined): boolean {
  if (allowed.length === 0 || origin === undefined) return true;
  return allowed.includes(origin.toLowerCase());
}

export interface WebSocketServeOptions {
  allowedOrigins: readonly string[];
  logger: Logger;
  /** An HTTP request must have sent its headers by then (a stalled handshake holds no slot longer). */
  handshakeTimeoutMs: number;
  /** The handshake is done: from here the socket is a client like a TCP one. */
  onClient: (socket: WebSocketClientSocket, info: SecureInfo) => void;
  onOriginRefused: () => void;
  /** Plain HTTP requests (pages, APIs) go to these; what none takes gets 426. */
  httpRoutes: readonly HttpRoute[];
}

/**
 * Serves IRC over WebSocket on an HTTP (ws://) or HTTPS (wss://, the TLS listeners' certificate)
 * server, on any path. Plain HTTP requests go to the HTTP routes (web/http-routes.ts: 426 when
 * none takes them); a handshake from an origin not allowed gets
 * 403. The framing is `ws`'s; compression is off (IRC lines are short and it costs memory per
 * connection).
 */
export function serveWebSocket(server: HttpServer | HttpsServer, options: WebSocketServeOptions): void {
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (offered) => chooseSubprotocol(offered),
  });
  server.headersTimeout = options.handshakeTimeoutMs;
  server.requestTimeout = options.handshakeTimeoutMs;
  server.on('request', (req, res) => {
    void dispatchHttp(options.httpRoutes, req, res, (err) =>
      options.logger.error({ err, url: req.url }, 'HTTP route failed'),
    );
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    if (!originAllowed(options.allowedOrigins, req.headers.origin)) {
      options.onOriginRefused();
      options.logger.debug({ ip: req.socket.remoteAddress, origin: req.headers.origin }, 'WebSocket origin refused');
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const tcp = req.socket;
      const info = 'encrypted' in tcp && tcp.encrypted ? secureInfo(tcp as TLSSocket) : { tls: false };
      const client = new WebSocketClientSocket(ws, {
        remoteAddress: tcp.remoteAddress,
        remotePort: tcp.remotePort,
        localAddress: tcp.localAddress,
        localPort: tcp.localPort,
      });
      options.onClient(client, info);
    });
  });
}
