import * as grpc from '@grpc/grpc-js';
import type { HostConfig, PortalConfig } from '@portalchat/config';
import {
  PROTOCOL_VERSION,
  subjects,
  type AdminPortalEntry,
  type AdminPortalReply,
  type AdminPortalRequest,
  type PortalLinkSummary,
} from '@portalchat/protocol';
import { serveRequests } from '@portalchat/service';
import { Switchboard } from '@portalchat/routing';
import { Bursts } from './bursts';
import { Dialer } from './dialer';
import type { Frame } from './frames';
import { CHANNEL_OPTIONS, portalService } from './grpc-service';
import { DEFAULT_TIMINGS, PortalLink, type LinkAttempt, type LinkEnd, type LinkHost, type LinkOpening } from './link';
import { endedBySquit, HeldLinks, squitReason, takeLinkControls, type LinkControl } from './link-control';
import { LinkState, PortalStatuses } from './link-status';
import { buildMapReport } from './map-report';
import { grpcLinkStream, type LinkStream } from './link-stream';
import { PortalNatsAdapter } from './nats-adapter';
import { peerTransportProblem, type PeerTransport } from './peer-check';
import { loadPortalTls, peerTransport, type PortalTls } from './portal-tls';
import { PortalDialCredentials } from './tls-credentials';
import { listenForPortals, type PortalListener } from './tls-listener';
import { StateWatch } from './state-watch';
import { createPortalMetrics } from './portal-metrics';
import type { Portal, PortalDeps } from './portal-types';
import type { UpLink, UpLinkFrame } from './up-link';
import { portalClash, RuntimePortals } from './runtime-portals';

export type { Portal, PortalDeps } from './portal-types';

/**
 * The portal: links this host to the portals of other hosts over gRPC. It accepts the links of
 * peers that dial in, dials its own uplinks (and redials them), bursts state's view to each new
 * peer, routes events between state and the links, and keeps state's server table current.
 * Builds everything but opens nothing until start(); reads no environment.
 */
export function buildPortal(deps: PortalDeps): Portal {
  const { logger } = deps;
  /** The host file as last (re)loaded (reconfigure). */
  let config = deps.config;
  const clock = deps.clock ?? Date.now;
  const timings = deps.timings ?? DEFAULT_TIMINGS;
  const own = {
    serverId: config.server.id,
    name: config.server.name,
    description: config.server.description,
    epoch: clock(),
  };
  const metrics = createPortalMetrics(deps.metrics);
  // The host file's portals, then those added at run time through the admin API (runtime-portals.ts).
  const runtime = new RuntimePortals(config.dataDir);
  let added = runtime
    .load((problem) => logger.error(`portals added at run time not read: ${problem}`))
    .filter((p) => portalClash(p, config.portals, config.server.id) === undefined);
  let portals: PortalConfig[] = [...config.portals, ...added];
  const statuses = new PortalStatuses(portals, clock());
  let adminRequests: { unsubscribe(): void } | undefined;
  const links = new Set<PortalLink>();
  const upLinks = new Map<number, UpLink>();
  const dialers = new Map<string, Dialer>();
  const held = new HeldLinks();
  const timers: NodeJS.Timeout[] = [];
  let server: grpc.Server | undefined;
  let listener: PortalListener | undefined;
  let tls: PortalTls | undefined;
  /** How each connection that came in is secured, by the peer address gRPC reports for its calls. */
  const transports = new Map<string, PeerTransport>();
  let graceTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  const stateWatch = new StateWatch(config.limits.stateAwaySeconds * 1000, clock);

  const bridge = new PortalNatsAdapter({
    nc: deps.nc,
    serverId: own.serverId,
    logger,
    handlers: {
      onOut: (items) =>
        board.fromState(takeLinkControls(items, (control) => guard('SQUIT/CONNECT', () => linkControl(control)))),
      onStateInstance: (instance, previous) => {
        // A state that announces itself while links are up is a new instance (the first one
        // started before this portal listened): it knows nothing of the network, and what the
        // links delivered meanwhile went to nobody. Relinking makes every peer burst to it again.
        if (upLinks.size === 0) {
          logger.info({ instance, previous }, 'state instance announced; no link is up');
          return;
        }
        logger.warn({ instance, previous }, 'state restarted: closing the links so they relink and burst again');
        for (const link of [...upLinks.values()]) link.close('state service restarted');
      },
      onStateHeard: () => stateWatch.heard(),
    },
  });

  const board = new Switchboard({
    own,
    deliver: (item, json) => bridge.deliver(item, json),
    linkSummaries,
    splitGrace: { ms: config.portal.splitGraceMs, now: clock },
    hold: { maxEvents: config.portal.holdMaxEvents, maxBytes: config.portal.holdMaxBytes },
    isPeer: (serverId) => portals.some((p) => p.serverId === serverId),
    eventAge: { clock, observe: (ms) => metrics.eventAge.observe(ms / 1000) },
    onHold: (held) => {
      metrics.held.inc({ outcome: held.outcome }, held.events);
      if (held.outcome === 'overflow' && held.first)
        logger.warn(
          { maxEvents: config.portal.holdMaxEvents, maxBytes: config.portal.holdMaxBytes },
          'events held for split-pending servers passed the bounds: the oldest are dropped (counted in portal_held_events_total)',
        );
      else if (held.outcome === 'split')
        logger.warn({ events: held.events }, `dropped ${held.events} events held for servers now split off`);
      else if (held.outcome === 'released')
        logger.info({ events: held.events }, `sent ${held.events} events held while their servers were away`);
    },
    onSplitGrace: (outcome, splits, names) => {
      metrics.splitGrace.inc({ outcome }, splits.length);
      const servers = names.join(', ');
      const reason = splits[0]?.reason;
      if (outcome === 'pending')
        logger.warn(
          { servers: names, reason, graceMs: config.portal.splitGraceMs },
          `split pending: ${servers} unreachable; users kept for ${config.portal.splitGraceMs} ms`,
        );
      else if (outcome === 'healed')
        logger.info(
          { servers: names, reason, ms: Math.min(...splits.map((p) => clock() - p.since)) },
          `split healed: ${servers} back within the grace, no netsplit shown`,
        );
      else logger.warn({ servers: names, reason }, `split announced: ${servers} not back within the grace`);
    },
    onBadEvent: (problem, wire) => {
      metrics.badEvents.inc({ origin: String(wire.origin) });
      logger.warn(
        { origin: wire.origin, epoch: wire.epoch, seq: wire.seq, problem, json: wire.json.slice(0, 200) },
        `dropped an event from a link: ${problem}`,
      );
    },
  });

  const bursts = new Bursts({
    board,
    requestBurst: (exclude, onChunk) => bridge.requestBurst(exclude, onChunk, deps.burstTimeoutMs),
    statuses,
    metrics,
    logger,
    clock,
    onProgress: () => mapChanged(),
  });

  const guard = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      metrics.internalErrors.inc();
      logger.error({ err }, `internal error ${what}`);
    }
  };

  /** One timer for the switchboard's next grace deadline (a held split to announce), re-armed after every change. */
  function armGrace(): void {
    if (graceTimer) clearTimeout(graceTimer);
    graceTimer = undefined;
    const deadline = board.nextGraceDeadline();
    if (deadline === undefined || stopped) return;
    graceTimer = setTimeout(
      () =>
        guard('ending a split grace', () => {
          graceTimer = undefined;
          board.expireGrace();
          metrics.servers.set(board.serverCount);
          armGrace();
          mapChanged();
        }),
      Math.max(0, deadline - clock()),
    );
    graceTimer.unref();
  }

  /** The map report for the gateways' /map (issue 14). */
  function publishMap(): void {
    bridge.publishMap(
      buildMapReport({
        serverId: own.serverId,
        at: clock(),
        servers: board.graph.servers(),
        pending: board.pendingServers(),
        edges: board.edges(),
        statuses: statuses.list(),
        burstOf: (portal) => {
          const serverId = config.portals.find((p) => p.name === portal)?.serverId;
          const link = serverId === undefined ? undefined : upLinks.get(serverId);
          return link ? bursts.inProgress(link) : undefined;
        },
      }),
    );
  }

  /** Something the map shows changed: one report at the end of this turn, however many changes it had. */
  let mapReportQueued = false;
  function mapChanged(): void {
    if (mapReportQueued || stopped) return;
    mapReportQueued = true;
    setImmediate(() => {
      mapReportQueued = false;
      guard('publishing the map report', publishMap);
    });
  }

  const host: LinkHost = {
    own,
    clock,
    portalFor: (id) => portals.find((p) => p.serverId === id),
    knownName: (id) => (id === own.serverId ? own.name : board.graph.record(id)?.name),
    linked: (id) => upLinks.has(id),
    heldDown: (portal) => held.reasonFor(portal.name),
    onUp: (link) => guard('bringing a link up', () => linkUp(link)),
    onFrame: (link, body) => guard(`handling a ${body.kind} frame`, () => onFrame(link, body)),
    onDown: (end) => guard('ending a link', () => linkDown(end)),
    onRefused: (link, reason, byPeer) => {
      const peer = link.peer;
      logger.warn(
        { portal: link.portal?.name, peerId: peer?.serverId, peerName: peer?.name, byPeer },
        `portal handshake refused: ${reason}`,
      );
      if (link.portal) {
        metrics.refusals.inc({ link: link.portal.name });
        if (ownsStatus(link)) statuses.move(link.portal.name, LinkState.refused, clock(), reason);
        mapChanged();
      } else {
        statuses.stranger({ serverId: peer?.serverId ?? 0, name: peer?.name ?? '?', reason, at: clock() });
      }
    },
    checkTransport: (portal, transport) =>
      tls ? peerTransportProblem(tls.checkFor(portal), transport, clock()) : 'TLS is not loaded',
    counted: (link, direction, events) => {
      const status = statuses.get(link.portal.name);
      if (!status) return;
      if (direction === 'in') {
        status.eventsIn += events;
        metrics.eventsIn.inc({ link: status.name }, events);
      } else {
        status.eventsOut += events;
        metrics.eventsOut.inc({ link: status.name }, events);
      }
    },
  };

  /**
   * Whether a link may write its portal's status: not while ANOTHER link to the same peer is up
   * (a second, refused attempt must not hide the link that works).
   */
  function ownsStatus(link: LinkAttempt | UpLink): boolean {
    if (!link.portal) return false;
    const up = upLinks.get(link.portal.serverId);
    return up === undefined || up === link;
  }

  function openLink(opening: LinkOpening, stream: LinkStream): void {
    const link = new PortalLink(opening, stream, host, timings);
    links.add(link);
    if (opening.role === 'dialer' && !upLinks.has(opening.portal.serverId))
      statuses.move(opening.portal.name, LinkState.handshake, clock());
    link.start();
  }

  function linkUp(link: UpLink): void {
    const { peer, portal } = link;
    upLinks.set(peer.serverId, link);
    statuses.move(portal.name, LinkState.up, clock());
    const status = statuses.get(portal.name);
    if (status) status.peer = { serverId: peer.serverId, name: peer.name, description: peer.description };
    metrics.linkUp.set({ link: portal.name }, 1);
    metrics.linkPeer.set({ link: portal.name, peer_id: String(peer.serverId), peer_name: peer.name }, 1);
    logger.info({ portal: portal.name, peerId: peer.serverId, peerName: peer.name, role: link.role }, 'portal link up');
    board.linkUp(link);
    metrics.servers.set(board.serverCount);
    armGrace();
    mapChanged();
  }

  function onFrame(link: UpLink, body: UpLinkFrame): void {
    switch (body.kind) {
      case 'topology':
        board.topology(link, body.value.servers);
        metrics.servers.set(board.serverCount);
        armGrace();
        mapChanged();
        return bursts.topologyReceived(link);
      case 'events':
        return board.fromLink(link, body.value.events);
      case 'burst':
        return bursts.markReceived(link, body.value);
    }
  }

  function linkDown(end: LinkEnd): void {
    links.delete(end.connection);
    const { link, reason } = end;
    const name = link.portal?.name;
    if (end.wasUp && upLinks.get(end.link.peerId) === end.link) {
      upLinks.delete(end.link.peerId);
      board.linkDown(end.link, { grace: !endedBySquit(reason) });
      metrics.servers.set(board.serverCount);
      armGrace();
      logger.warn({ portal: name, peerId: end.link.peerId, reason }, 'portal link down');
    }
    if (name && ownsStatus(link)) {
      statuses.move(name, LinkState.down, clock(), reason);
      metrics.linkUp.set({ link: name }, 0);
      if (link.peer)
        metrics.linkPeer.remove({ link: name, peer_id: String(link.peer.serverId), peer_name: link.peer.name });
    }
    if (name && link.role === 'dialer') dialers.get(name)?.ended(end.wasUp);
    mapChanged();
  }

  function linkSummaries(): PortalLinkSummary[] {
    return [...upLinks.values()].map((link) => ({
      name: link.portal.name,
      serverId: link.peer.serverId,
      serverName: link.peer.name,
      sendQ: link.sendQ,
      sentEvents: link.stats.eventsOut,
      sentBytes: link.stats.bytesOut,
      receivedEvents: link.stats.eventsIn,
      receivedBytes: link.stats.bytesIn,
      openSince: link.stats.openSince,
    }));
  }

  function startDialers(): void {
    for (const portal of portals) if (portal.uplink && held.reasonFor(portal.name) === undefined) startDialer(portal);
  }

  function startDialer(portal: PortalConfig): void {
    if (dialers.has(portal.name)) return;
    const dialer = new Dialer(
      portal,
      (stream) => guard('dialing', () => openLink({ role: 'dialer', portal }, stream)),
      () => dialCredentials(portal),
      deps.redialCapMs,
    );
    dialers.set(portal.name, dialer);
    dialer.start();
  }

  /** An operator's SQUIT or CONNECT from state (link-control.ts). */
  function linkControl(control: LinkControl): void {
    const portal = portals.find((p) => p.name === control.portal);
    if (!portal) {
      logger.warn({ portal: control.portal, action: control.action }, 'SQUIT/CONNECT for a portal not in the config');
      return;
    }
    if (control.action === 'squit') {
      const reason = squitReason(control);
      held.hold(portal.name, reason);
      const link = upLinks.get(portal.serverId);
      logger.warn({ portal: portal.name, by: control.by, linked: link !== undefined }, `portal link closed: ${reason}`);
      // The link ends first, with the SQUIT reason (stopping the dialer first would end it as a
      // broken connection, which the split grace holds); the dialer, out of the map, redials nothing.
      const dialer = dialers.get(portal.name);
      dialers.delete(portal.name);
      if (link) {
        // The peer reads why (and splits at once too); this side's linkDown sees the same reason.
        link.send({ refusal: { reason } });
        link.close(reason);
      } else {
        statuses.move(portal.name, LinkState.down, clock(), held.reasonFor(portal.name));
      }
      dialer?.stop();
      return;
    }
    held.release(portal.name);
    logger.info({ portal: portal.name, by: control.by }, 'CONNECT: the portal may link again');
    if (portal.uplink && !stopped && !stateWatch.isAway()) startDialer(portal);
  }

  /** Plaintext for an insecure entry; else TLS, the peer's certificate checked against the entry. */
  function dialCredentials(portal: PortalConfig): grpc.ChannelCredentials {
    if (portal.insecure || !tls) return grpc.credentials.createInsecure();
    const loaded = tls;
    return new PortalDialCredentials({
      context: loaded.context,
      address: portal.address,
      verify: (socket) => peerTransportProblem(loaded.checkFor(portal), peerTransport(socket), clock()),
      onRefused: (reason) =>
        guard('refusing a TLS peer', () => {
          logger.warn(
            { portal: portal.name, address: `${portal.address}:${portal.port}` },
            `portal refused: ${reason}`,
          );
          metrics.refusals.inc({ link: portal.name });
          if (!upLinks.has(portal.serverId)) statuses.move(portal.name, LinkState.refused, clock(), reason);
        }),
    });
  }

  function stopDialers(): void {
    for (const dialer of dialers.values()) dialer.stop();
    dialers.clear();
  }

  /**
   * State silent past limits.stateAwaySeconds: nobody serves this host's users any more, so the
   * network should see the host split off rather than keep sending to users who never answer.
   * The links close, the dialers stop and peers' dials are turned away until state is heard
   * again; then the dialers start over and every link bursts afresh. Shorter silences (a state or
   * NATS restart) change nothing: the streams resume.
   */
  function watchState(): void {
    const change = stateWatch.check();
    if (change === 'away') {
      metrics.stateAway.set(1);
      const seconds = Math.round(stateWatch.silentForMs() / 1000);
      logger.error(
        { silentMs: stateWatch.silentForMs(), links: upLinks.size },
        `state silent for ${seconds} s: closing the links until it is back`,
      );
      stopDialers();
      for (const link of [...links]) link.close('state service unavailable');
    } else if (change === 'back') {
      metrics.stateAway.set(0);
      logger.warn('state is back: linking again');
      if (!stopped) startDialers();
    }
  }

  function tick(): void {
    for (const link of upLinks.values()) {
      const status = statuses.get(link.portal.name);
      if (status && Number.isFinite(link.stats.rttMs)) status.rttMs = link.stats.rttMs;
      if (Number.isFinite(link.stats.rttMs)) metrics.rtt.set({ link: link.portal.name }, link.stats.rttMs / 1000);
    }
  }

  function accept(call: grpc.ServerDuplexStream<unknown, Frame>): void {
    const abort = () =>
      call.emit('error', Object.assign(new Error('link ended'), { code: grpc.status.ABORTED, details: 'link ended' }));
    if (stateWatch.isAway()) {
      const details = 'state service unavailable';
      call.emit('error', Object.assign(new Error(details), { code: grpc.status.UNAVAILABLE, details }));
      return;
    }
    const transport = transports.get(call.getPeer()) ?? { tls: false };
    guard('accepting a link', () => openLink({ role: 'acceptor', transport }, grpcLinkStream(call, abort)));
  }

  /**
   * Listens for peers: our own listener does TLS (tls-listener.ts) and hands each connection to
   * gRPC, noting how it is secured for the handshake to check.
   */
  async function bind(endpoint: { host: string; port: number }, loaded: PortalTls): Promise<number> {
    const grpcServer = new grpc.Server(CHANNEL_OPTIONS);
    grpcServer.addService(portalService().definition, { Link: accept });
    server = grpcServer;
    const injector = grpcServer.createConnectionInjector(grpc.ServerCredentials.createInsecure());
    listener = await listenForPortals({
      ...endpoint,
      cert: loaded.cert,
      key: loaded.key,
      onConnection: (connection, transport) => {
        const key = `${connection.remoteAddress}:${connection.remotePort}`;
        transports.set(key, transport);
        connection.once('close', () => transports.delete(key));
        injector.injectConnection(connection);
      },
      onFailure: (remote, reason) =>
        guard('noting a failed connection', () => {
          logger.warn({ remote }, `portal connection refused: ${reason}`);
          statuses.stranger({ serverId: 0, name: remote, reason, at: clock() });
        }),
    });
    return listener.port;
  }

  return {
    async start() {
      const loaded = loadPortalTls({ ...config, portals });
      tls = loaded;
      logger.info(
        { fingerprint: loaded.fingerprint, origin: loaded.origin },
        `portal certificate: SHA-256 fingerprint ${loaded.fingerprint} (what peers pin)`,
      );
      bridge.start();
      adminRequests = serveRequests(deps.nc, subjects.adminPortal(own.serverId), logger, (request) =>
        onAdminRequest(request),
      );
      board.announce();
      const port = await bind(config.listen.portal, loaded);
      armGrace();
      startDialers();
      let ticks = 0;
      const refreshEvery = Math.max(1, Math.round((deps.tableRefreshMs ?? 5000) / 1000));
      const timer = setInterval(
        () =>
          guard('in the link tick', () => {
            tick();
            watchState();
            // Once a second: the figures (RTT, event counts) move without any change of shape.
            publishMap();
            if (++ticks % refreshEvery === 0 && upLinks.size > 0) board.refresh();
          }),
        1000,
      );
      timer.unref();
      timers.push(timer);
      logger.info({ portal: `${config.listen.portal.host}:${port}`, uplinks: [...dialers.keys()] }, 'portal listening');
      return { host: config.listen.portal.host, port };
    },

    async stop() {
      stopped = true;
      adminRequests?.unsubscribe();
      for (const timer of timers.splice(0)) clearInterval(timer);
      if (graceTimer) clearTimeout(graceTimer);
      graceTimer = undefined;
      stopDialers();
      for (const link of [...links]) link.close('Server shutting down');
      listener?.close();
      listener = undefined;
      server?.forceShutdown();
      server = undefined;
      await bridge.stop();
    },

    readiness() {
      const details = {
        serverId: own.serverId,
        certificate: tls ? { fingerprint: tls.fingerprint, origin: tls.origin } : undefined,
        servers: board.graph.servers().map((s) => `${s.name}(${s.serverId})`),
        portals: statuses.list(),
        refusedStrangers: statuses.refusedStrangers(),
      };
      if (!server) return { ready: false, reason: 'portal not listening', details };
      if (!bridge.connected()) return { ready: false, reason: 'NATS disconnected', details };
      if (stateWatch.isAway()) {
        const seconds = Math.round(stateWatch.silentForMs() / 1000);
        return { ready: false, reason: `state service silent for ${seconds} s; links closed`, details };
      }
      return { ready: true, details };
    },

    statuses: () => statuses.list(),
    servers: () => board.graph.servers(),
    addPortal,
    removePortal,
    reconfigure,
  };

  // ── portals at run time (issue 14): the admin API and reloads ─────────────────

  /** The admin API's portal actions (subjects.adminPortal). */
  function onAdminRequest(request: AdminPortalRequest | undefined): AdminPortalReply {
    const reply = (error?: string): AdminPortalReply => ({
      v: PROTOCOL_VERSION,
      ok: error === undefined,
      ...(error === undefined ? {} : { error }),
      portals: statuses.list(),
    });
    if (!request) return reply('the request could not be read');
    const { action, operator } = request;
    switch (action.op) {
      case 'list':
        return reply();
      case 'add': {
        const error = addPortal(action.portal, `admin API (${operator})`);
        if (error === undefined) persistAdded();
        return reply(error);
      }
      case 'remove': {
        const error = removePortal(action.name, `Portal removed by ${operator}`);
        if (error === undefined && added.some((p) => p.name === action.name)) {
          added = added.filter((p) => p.name !== action.name);
          persistAdded();
        }
        return reply(error);
      }
      default:
        return reply(`unknown action ${(action as { op: string }).op}`);
    }
  }

  function persistAdded(): void {
    try {
      runtime.save(added);
    } catch (err) {
      logger.error({ err, file: runtime.file }, 'could not save the portals added at run time');
    }
  }

  /**
   * Configures one more portal and, for an uplink, dials it at once: the network grows without a
   * restart. Undefined when done, else why not (the portal is then not added).
   */
  function addPortal(entry: AdminPortalEntry | PortalConfig, by: string): string | undefined {
    const portal: PortalConfig = { ...entry, insecure: entry.insecure ?? false };
    const clash = portalClash(portal, portals, own.serverId);
    if (clash) return clash;
    const next = [...portals, portal];
    try {
      // The peer checks come from the entries (its CA, its pin), read again with the new one.
      tls = loadPortalTls({ ...config, portals: next });
    } catch (err) {
      return `the portal's certificate check could not be set up: ${(err as Error).message}`;
    }
    portals = next;
    if (!config.portals.some((p) => p.name === portal.name)) added = [...added, portal];
    statuses.add(portal, clock());
    logger.warn({ portal: portal.name, peerId: portal.serverId, uplink: portal.uplink, by }, 'portal added');
    if (portal.uplink && !stopped && !stateWatch.isAway() && held.reasonFor(portal.name) === undefined)
      startDialer(portal);
    return undefined;
  }

  /** Ends a portal's link at once (a split, as SQUIT does) and forgets the portal. */
  function removePortal(name: string, reason: string): string | undefined {
    const portal = portals.find((p) => p.name === name);
    if (!portal) return `no portal named ${name}`;
    portals = portals.filter((p) => p !== portal);
    const dialer = dialers.get(name);
    dialers.delete(name);
    const link = upLinks.get(portal.serverId);
    const squit = squitReason({ type: 'link-control', action: 'squit', portal: name, by: 'admin', reason });
    if (link) {
      link.send({ refusal: { reason: squit } });
      link.close(squit);
    }
    dialer?.stop();
    held.release(name);
    statuses.remove(name);
    logger.warn({ portal: name, linked: link !== undefined }, `portal removed: ${reason}`);
    return undefined;
  }

  /**
   * A reloaded host file (runService): portals it adds are linked, portals it drops are removed
   * (those added through the API stay); the certificate checks are read again.
   */
  function reconfigure(next: HostConfig): string {
    const wanted = [...next.portals, ...added.filter((p) => !next.portals.some((q) => q.name === p.name))];
    const changed: string[] = [];
    config = next;
    for (const portal of [...portals]) {
      const now = wanted.find((p) => p.name === portal.name);
      if (!now || JSON.stringify(now) !== JSON.stringify(portal)) {
        removePortal(portal.name, 'Portal removed from the host file');
        if (!now) changed.push(`removed ${portal.name}`);
      }
    }
    for (const portal of wanted) {
      if (portals.some((p) => p.name === portal.name)) continue;
      const error = addPortal(portal, 'reload');
      changed.push(error === undefined ? `linked ${portal.name}` : `could not add ${portal.name}: ${error}`);
    }
    return changed.length > 0 ? changed.join(', ') : 'portals unchanged';
  }
}
