import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import type { Endpoint, WebSocketListener } from '@portalchat/config';
import type { StateOp } from '@portalchat/protocol';
import { ClientConnection, refuseSocket, socketErrorReason } from './client-connection';
import type { ClientSocket } from './client-socket';
import { ConnectionLimits, normalizeIp, REFUSAL_LABEL } from './connection-limits';
import { farewellLines, SHUTDOWN_REASON } from './drain';
import { EXCESS_FLOOD } from './flood-control';
import { createGatewayMetrics, DisconnectKind } from './gateway-metrics';
import type { CloseHow, Gateway, GatewayDeps } from './gateway-types';
import { guarded } from './guard';
import type { FramedItem } from './line-framer';
import { LivenessTracker } from './liveness';
import { FlushScheduler } from './send-queue';
import { SERVICE_UNAVAILABLE } from './state-availability';
import { TlsListeners, type SecureInfo } from './tls-listener';
import { GatewayNatsAdapter } from './nats-adapter';
import { serveWebSocket } from './websocket-listener';
import type { HttpRoute } from './web/http-routes';
import { staticFilesRoute } from './web/static-files';
import { MapFeed } from './web/map-feed';
import { MapModel } from './web/map-model';
import { mapRoute } from './web/map-route';
import { verifyPasswordAsync, type HostConfig } from '@portalchat/config';
import { AdminAuth } from './web/admin-auth';
import { natsAdminBus } from './web/admin-bus';
import { adminRoute } from './web/admin-route';

export type { Gateway, GatewayDeps } from './gateway-types';

/**
 * The gateway: owns client sockets, frames lines, enforces connection limits, flood control and
 * liveness, forwards lines to state untouched and writes what state sends back. Builds
 * everything but opens nothing until start(); reads no environment.
 *
 * One client must never stall or end the others: every socket, timer and NATS callback is
 * guarded (a throw is logged and drops at most the client concerned), work per event is bounded
 * by that event's own recipients, and every buffer has a limit (framer: one line; flood control:
 * maxQueuedLines; output: sendQBytes).
 */
/**
 * Pending TCP connections the kernel may queue before we accept them (capped by somaxconn).
 * Node's default of 511 overflows when a thousand clients connect at once: the kernel drops
 * the extra SYNs and the clients retry only after a second, which made mass registration slow
 * while the gateway sat idle.
 */
const ACCEPT_BACKLOG = 4096;

/** A connection to a plain listener. */
const PLAIN: SecureInfo = { tls: false };

export function buildGateway(deps: GatewayDeps): Gateway {
  const { config, logger } = deps;
  const clock = deps.clock ?? Date.now;
  const serverName = config.server.name;
  const metrics = createGatewayMetrics(deps.metrics);
  const clients = new Map<number, ClientConnection>();
  const throttled = new Set<ClientConnection>();
  const limits = new ConnectionLimits(config.limits);
  const liveness = new LivenessTracker<number>(config.limits);
  const scheduler = new FlushScheduler(
    (bytes) => metrics.bytesOut.inc(bytes),
    (err) => internalError(err, 'flushing a client socket'),
  );
  const servers: Server[] = [];
  /** The pages and APIs served beside IRC over WebSocket, in the order they are asked. */
  const httpRoutes: HttpRoute[] = [];
  if (deps.webClientDir !== undefined) httpRoutes.push(staticFilesRoute(deps.webClientDir));
  /** The host file as last (re)loaded: the admin API's operators follow a reload. */
  let current: HostConfig = config;
  httpRoutes.push(
    adminRoute({
      auth: new AdminAuth({ accounts: () => current, verify: verifyPasswordAsync, clock }),
      bus: deps.adminBus ?? natsAdminBus(deps.nc, config.server.id, logger),
      onError: (err) => logger.warn({ err }, 'admin API: a request to another service failed'),
    }),
  );
  const wantsTls = config.listen.ircTls.length > 0 || config.listen.websocket.some((l) => l.tls);
  const tlsListeners =
    config.tls === undefined || !wantsTls
      ? undefined
      : new TlsListeners({
          tls: config.tls,
          logger,
          onSecureSocket: (socket, info) => accept(socket, info),
          onHandshakeFailure: (kind) => metrics.tlsHandshakeFailures.inc({ kind }),
        });
  const timers: NodeJS.Timeout[] = [];
  let nextConnId = 1;
  let tlsAddresses: AddressInfo[] = [];
  let websocketAddresses: AddressInfo[] = [];
  let registeredCount = 0;

  const link = new GatewayNatsAdapter({
    nc: deps.nc,
    serverId: config.server.id,
    gatewayId: deps.gatewayId,
    logger,
    clock,
    handlers: { onOps: applyOps, onStateRestarted, onBackpressure },
    infoPollMs: deps.stateInfoPollMs,
    stateAwayMs: config.limits.stateAwaySeconds * 1000,
  });
  // The live network map at /map (issue 14), from the portal's reports and state's census.
  const mapFeed = new MapFeed({
    model: new MapModel({ serverId: config.server.id, name: serverName, description: config.server.description }),
    clock,
    requestCensus: () => link.requestCensus(1000),
    logger,
  });
  httpRoutes.push(mapRoute({ feed: mapFeed, assetsDir: deps.mapAssetsDir }));
  /** Set while state is far behind: client sockets are not read (their TCP buffers hold the input). */
  let inputPaused = false;

  function internalError(err: unknown, what: string, client?: ClientConnection): void {
    metrics.internalErrors.inc();
    logger.error({ err, conn: client?.id, ip: client?.ip }, `internal error ${what}`);
  }

  /** A fault in our code while serving `client`: log it and drop that client only. */
  function failClient(client: ClientConnection, err: unknown, what: string): void {
    internalError(err, what, client);
    try {
      closeClient(client, 'Internal error', {
        kind: DisconnectKind.internalError,
        errorLine: false,
        notifyState: true,
        graceful: false,
      });
    } finally {
      client.socket.destroy();
    }
  }

  function updateGauges(): void {
    metrics.connections.set(clients.size);
    metrics.registered.set(registeredCount);
  }

  function closeClient(client: ClientConnection, reason: string, how: CloseHow): void {
    if (client.closing) return;
    client.closing = true;
    clients.delete(client.id);
    throttled.delete(client);
    liveness.remove(client.id);
    limits.release(client.ip, client.registered);
    if (client.registered) registeredCount--;
    updateGauges();
    metrics.disconnects.inc({ kind: how.kind });
    if (how.notifyState) link.emit({ type: 'closed', conn: client.id, reason });
    if (how.errorLine) client.output.push(`ERROR :Closing Link: ${client.ip} (${reason})`);
    if (how.graceful) client.endGracefully();
    else client.destroy();
    logger.debug({ conn: client.id, ip: client.ip, reason }, 'client closed');
  }

  // ── input: socket → framer → flood control → state ───────────────────────────

  function forward(client: ClientConnection, items: FramedItem[]): void {
    for (const item of items) {
      if (item.kind === 'line') {
        link.emit({ type: 'line', conn: client.id, line: item.line });
      } else {
        metrics.oversizedLines.inc();
        // State answers 417: it knows whether the client negotiated labeled-response.
        link.emit(
          item.label === undefined
            ? { type: 'oversized', conn: client.id }
            : { type: 'oversized', conn: client.id, label: item.label },
        );
      }
    }
  }

  function onData(client: ClientConnection, chunk: Buffer): void {
    if (client.closing) return;
    const items = client.framer.push(chunk);
    if (items.length === 0) return;
    liveness.activity(client.id, clock());
    metrics.linesIn.inc(items.length);
    for (const item of items) {
      const released = client.flood.offer(item);
      if (released === EXCESS_FLOOD) {
        metrics.floodDisconnects.inc();
        closeClient(client, EXCESS_FLOOD, {
          kind: DisconnectKind.excessFlood,
          errorLine: true,
          notifyState: true,
          graceful: true,
        });
        return;
      }
      forward(client, released);
    }
    if (client.flood.heldCount > 0) throttled.add(client);
  }

  /** Releases held lines of slowed clients as their tokens come back. */
  function pumpThrottled(): void {
    for (const client of throttled) {
      try {
        forward(client, client.flood.release());
        if (client.flood.heldCount === 0) throttled.delete(client);
      } catch (err) {
        failClient(client, err, 'releasing held lines');
      }
    }
  }

  function sweepLiveness(): void {
    limits.prune(clock());
    for (const action of liveness.sweep(clock())) {
      const client = clients.get(action.key);
      if (!client) continue;
      try {
        if (action.kind === 'ping') {
          client.output.push(`PING :${serverName}`);
        } else {
          const kind = client.registered ? DisconnectKind.pingTimeout : DisconnectKind.registrationTimeout;
          closeClient(client, action.reason, { kind, errorLine: true, notifyState: true, graceful: true });
        }
      } catch (err) {
        failClient(client, err, 'in the liveness sweep');
      }
    }
  }

  // ── connections ───────────────────────────────────────────────────────────────

  /**
   * A new socket. Its 'error' listener goes on before anything else can throw, so no socket is
   * ever left without one (an unhandled 'error' event would end the process).
   */
  function accept(socket: ClientSocket, secure: SecureInfo = PLAIN): void {
    let client: ClientConnection | undefined;
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (client) client.errorReason ??= socketErrorReason(err);
    });
    try {
      if (socket.remoteAddress === undefined) {
        socket.destroy(); // already gone before we saw it
        return;
      }
      const ip = normalizeIp(socket.remoteAddress);
      // Without state nobody would answer the client until its registration timeout: say so now.
      if (!link.readiness().ready) {
        metrics.unavailableRefusals.inc();
        metrics.disconnects.inc({ kind: DisconnectKind.stateUnavailable });
        refuseSocket(socket, `ERROR :Closing Link: ${ip} (${SERVICE_UNAVAILABLE})`);
        return;
      }
      const refusal = limits.admit(ip, clock());
      if (refusal) {
        metrics.disconnects.inc({ kind: DisconnectKind.refused });
        metrics.refusals.inc({ reason: REFUSAL_LABEL[refusal] });
        refuseSocket(socket, `ERROR :Closing Link: ${ip} (${refusal})`);
        return;
      }
      client = openClient(socket, ip, secure);
    } catch (err) {
      if (client) failClient(client, err, 'accepting a connection');
      else {
        internalError(err, 'accepting a connection');
        socket.destroy();
      }
    }
  }

  /** Admitted: the connection's machinery, its listeners, and the 'open' event for state. */
  function openClient(socket: ClientSocket, ip: string, secure: SecureInfo): ClientConnection {
    socket.setNoDelay?.(true);
    const client = new ClientConnection({
      id: nextConnId++,
      socket,
      ip,
      flood: config.flood,
      clock,
      scheduler,
      sendQBytes: config.limits.sendQBytes,
      onSendQExceeded: (c) => {
        metrics.sendqDisconnects.inc();
        closeClient(c, 'SendQ exceeded', {
          kind: DisconnectKind.sendQ,
          errorLine: false,
          notifyState: true,
          graceful: false,
        });
      },
    });
    clients.set(client.id, client);
    metrics.accepted.inc();
    if (inputPaused) socket.pause();
    liveness.add(client.id, clock());
    const onFault = (what: string) => (err: unknown) => failClient(client, err, what);
    socket.on(
      'data',
      guarded(onFault('handling input'), (chunk: Buffer) => onData(client, chunk)),
    );
    socket.on(
      'close',
      guarded(onFault('closing'), () => {
        const reason = client.errorReason ?? 'Remote host closed the connection';
        const kind = client.errorReason ? DisconnectKind.socketError : DisconnectKind.peerClosed;
        closeClient(client, reason, { kind, errorLine: false, notifyState: true, graceful: false });
      }),
    );
    updateGauges();
    link.emit({
      type: 'open',
      conn: client.id,
      ip,
      port: socket.remotePort ?? 0,
      localIp: normalizeIp(socket.localAddress ?? ''),
      localPort: socket.localPort ?? 0,
      tls: secure.tls,
      ...(secure.certfp !== undefined ? { certfp: secure.certfp } : {}),
    });
    return client;
  }

  // ── output: state → queues ───────────────────────────────────────────────────

  function applyOps(ops: StateOp[]): void {
    for (const op of ops) {
      try {
        applyOp(op);
      } catch (err) {
        // One bad op (or one client's fault) must not cost the rest of the batch.
        internalError(err, `applying a ${op.type} op`);
      }
    }
  }

  function applyOp(op: StateOp): void {
    switch (op.type) {
      case 'send': {
        // The per-recipient loop of every fan-out: measure the line and count the metric once per op.
        const bytes = Buffer.byteLength(op.line, 'utf8');
        let queued = 0;
        for (const id of op.to) {
          if (clients.get(id)?.output.push(op.line, bytes)) queued++;
        }
        if (queued > 0) metrics.linesOut.inc(queued * (op.lines ?? 1));
        break;
      }
      case 'close': {
        const client = clients.get(op.conn);
        if (client)
          closeClient(client, op.reason, {
            kind: DisconnectKind.stateClosed,
            errorLine: false,
            notifyState: false,
            graceful: true,
          });
        break;
      }
      case 'registered': {
        const client = clients.get(op.conn);
        if (!client) break;
        if (!client.registered) {
          registeredCount++;
          metrics.registrations.inc();
          limits.registered(client.ip);
        }
        client.registered = true;
        liveness.registered(client.id);
        client.flood.exempt = op.floodExempt;
        if (op.floodExempt) forward(client, client.flood.release());
        updateGauges();
        break;
      }
      case 'ircx': {
        const client = clients.get(op.conn);
        if (client) client.ircx = true;
        break;
      }
      case 'lag': {
        // IRCX channel LAG: this client's messages leave at least op.ms apart (flood-control.ts).
        const client = clients.get(op.conn);
        if (!client) break;
        client.flood.lagMs = op.ms;
        if (op.ms === 0 && client.flood.heldCount > 0) throttled.add(client);
        break;
      }
    }
  }

  /** Stops or starts reading every client's socket (new clients follow the current setting). */
  function onBackpressure(paused: boolean): void {
    inputPaused = paused;
    for (const client of clients.values()) {
      if (paused) client.socket.pause();
      else client.socket.resume();
    }
  }

  function onStateRestarted(): void {
    for (const client of [...clients.values()]) {
      try {
        closeClient(client, 'Chat service restarted', {
          kind: DisconnectKind.stateRestarted,
          errorLine: true,
          notifyState: false,
          graceful: true,
        });
      } catch (err) {
        failClient(client, err, 'closing for a state restart');
      }
    }
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────

  function listen(endpoint: Endpoint, secure = false): Promise<AddressInfo> {
    const server = secure && tlsListeners ? tlsListeners.create() : createServer((socket) => accept(socket));
    return listenOn(server, endpoint);
  }

  /** IRC over WebSocket: after the HTTP handshake its clients are accepted like TCP ones. */
  function listenWebSocket(endpoint: WebSocketListener): Promise<AddressInfo> {
    const server = endpoint.tls && tlsListeners ? tlsListeners.createHttps() : createHttpServer();
    serveWebSocket(server, {
      allowedOrigins: config.gateway.websocketOrigins,
      logger,
      handshakeTimeoutMs: config.limits.registrationTimeoutSeconds * 1000,
      onClient: (socket, info) => accept(socket, info),
      onOriginRefused: () => metrics.websocketOriginRefusals.inc(),
      httpRoutes,
    });
    return listenOn(server, endpoint);
  }

  function listenOn(server: Server, endpoint: Endpoint): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: endpoint.host, port: endpoint.port, backlog: ACCEPT_BACKLOG }, () => {
        server.off('error', reject);
        server.on('error', (err) => logger.error({ err }, 'IRC listener error'));
        servers.push(server);
        resolve(server.address() as AddressInfo);
      });
    });
  }

  return {
    async start() {
      // The first StateInfo poll runs before the listeners open. A host starts state first, so
      // the answer normally comes within milliseconds and the very first clients are admitted
      // instead of being refused as "unavailable" for the second until the next poll. The wait
      // is bounded by one request timeout (a missing state answers "no responders" at once);
      // after it the gateway listens either way and refuses clients with a clear ERROR until
      // state appears, which tells a user more than a refused TCP connection would.
      await link.start();
      link.onMapReport((report) => mapFeed.takeReport(report));
      mapFeed.start();
      const sweepMs = deps.sweepIntervalMs ?? 1000;
      // The pump runs at the flood rate so held lines leave about when their token comes back.
      const pumpMs = Math.min(250, Math.max(20, Math.floor(1000 / config.flood.linesPerSecond)));
      timers.push(
        setInterval(
          guarded((err) => internalError(err, 'in the liveness sweep'), sweepLiveness),
          sweepMs,
        ),
        setInterval(
          guarded((err) => internalError(err, 'pumping held lines'), pumpThrottled),
          pumpMs,
        ),
      );
      for (const timer of timers) timer.unref();
      const addresses = await Promise.all(config.listen.irc.map((endpoint) => listen(endpoint)));
      tlsAddresses = tlsListeners ? await Promise.all(config.listen.ircTls.map((e) => listen(e, true))) : [];
      websocketAddresses = await Promise.all(config.listen.websocket.map((e) => listenWebSocket(e)));
      logger.info(
        {
          irc: addresses.map((a) => `${a.address}:${a.port}`),
          ircTls: tlsAddresses.map((a) => `${a.address}:${a.port}`),
          websocket: websocketAddresses.map(
            (a, i) => `${config.listen.websocket[i]?.tls ? 'wss' : 'ws'}://${a.address}:${a.port}`,
          ),
          ...(tlsListeners ? { certificate: tlsListeners.certificateFingerprint } : {}),
        },
        'gateway listening',
      );
      return addresses;
    },

    async stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
      mapFeed.stop();
      // No new clients from here on; the ones here are told where to go (drain.ts), then closed.
      const closed = servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
      const targets = config.gateway.redirectTo;
      logger.info({ clients: clients.size, redirectTo: targets }, 'stopping: sending every client away');
      for (const client of [...clients.values()]) {
        try {
          for (const line of farewellLines(serverName, client, targets)) client.output.push(line);
          // The rest of the network sees the plain reason as the QUIT, not this host's directions.
          closeClient(client, SHUTDOWN_REASON, {
            kind: DisconnectKind.shutdown,
            errorLine: false,
            notifyState: true,
            graceful: true,
          });
        } catch (err) {
          failClient(client, err, 'closing for a shutdown');
        }
      }
      await link.stop();
      // Listeners close once their last socket has; endGracefully bounds that wait.
      await Promise.all(closed);
    },

    readiness() {
      const r = link.readiness();
      const details = { gatewayId: deps.gatewayId, connections: clients.size, stateInstance: r.stateInstance };
      return r.ready ? { ready: true, details } : { ready: false, reason: r.reason, details };
    },

    get connectionCount() {
      return clients.size;
    },

    get tlsAddresses() {
      return tlsAddresses;
    },

    get websocketAddresses() {
      return websocketAddresses;
    },

    reloadTls() {
      return tlsListeners ? tlsListeners.reload() : { ok: false, reason: 'no TLS listener is configured' };
    },

    // A reload (issue 14): operators and accounts for the admin API, and the TLS certificate.
    reconfigure(next) {
      current = next;
      if (!tlsListeners) return 'took the new operators (no TLS listener)';
      const tls = tlsListeners.reload();
      if (!tls.ok) throw new Error(`TLS certificate not reloaded: ${tls.reason}`);
      return `took the new operators and TLS certificate ${tls.fingerprint}`;
    },
  };
}
