import type { ServiceMetrics } from '@portalchat/service';

/**
 * Why a client left, as a metric label. Reasons themselves carry numbers ("Ping timeout: 241
 * seconds"), which would make one series per value; these kinds are a fixed set.
 */
export const DisconnectKind = {
  peerClosed: 'peer_closed',
  socketError: 'socket_error',
  pingTimeout: 'ping_timeout',
  registrationTimeout: 'registration_timeout',
  excessFlood: 'excess_flood',
  sendQ: 'sendq_exceeded',
  refused: 'refused',
  /** Refused at accept: NATS or the state service is unavailable. */
  stateUnavailable: 'state_unavailable',
  stateClosed: 'state_closed',
  stateRestarted: 'state_restarted',
  shutdown: 'shutdown',
  /** A fault in the gateway's own code while serving this client (logged). */
  internalError: 'internal_error',
} as const;
export type DisconnectKind = (typeof DisconnectKind)[keyof typeof DisconnectKind];

export function createGatewayMetrics(metrics: ServiceMetrics) {
  const disconnects = metrics.counter('gateway_disconnects_total', 'Client disconnects by kind', ['kind'] as const);
  // Every kind at 0 from the start: a rate over a kind that has not happened yet reads 0, not "no data".
  for (const kind of Object.values(DisconnectKind)) disconnects.inc({ kind }, 0);
  return {
    connections: metrics.gauge('gateway_connections', 'Open client connections'),
    registered: metrics.gauge('gateway_registered_connections', 'Client connections that finished registration'),
    accepted: metrics.counter(
      'gateway_connections_accepted_total',
      'Client connections admitted past the connection limits (refusals: gateway_connection_refusals_total)',
    ),
    registrations: metrics.counter('gateway_registrations_total', 'Client connections that finished registration'),
    linesIn: metrics.counter('gateway_lines_in_total', 'Lines received from clients'),
    linesOut: metrics.counter('gateway_lines_out_total', 'Lines queued to clients'),
    bytesOut: metrics.counter('gateway_bytes_out_total', 'Bytes written to client sockets'),
    oversizedLines: metrics.counter('gateway_oversized_lines_total', 'Lines dropped as too long (417)'),
    disconnects,
    floodDisconnects: metrics.counter('gateway_flood_disconnects_total', 'Clients cut for Excess Flood'),
    sendqDisconnects: metrics.counter('gateway_sendq_disconnects_total', 'Clients cut for SendQ exceeded'),
    refusals: metrics.counter(
      'gateway_connection_refusals_total',
      'New clients refused by the connection limits: server_full, per_ip, unregistered_per_ip, connect_rate',
      ['reason'] as const,
    ),
    unavailableRefusals: metrics.counter(
      'gateway_unavailable_refusals_total',
      'New clients refused because NATS or the state service was unavailable',
    ),
    tlsHandshakeFailures: metrics.counter(
      'gateway_tls_handshake_failures_total',
      'TLS handshakes that failed (kind="error") or did not finish in time (kind="timeout")',
      ['kind'] as const,
    ),
    websocketOriginRefusals: metrics.counter(
      'gateway_websocket_origin_refusals_total',
      'WebSocket handshakes refused (403) because their Origin is not in gateway.websocketOrigins',
    ),
    internalErrors: metrics.counter(
      'gateway_internal_errors_total',
      'Exceptions caught in socket, timer and NATS callbacks',
    ),
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
