import type { ServiceMetrics } from '@portalchat/service';

/**
 * Buckets of an event's age (seconds): a millisecond on one machine, tens across a continent, and
 * up to a minute for what was held for a split-pending server or queued behind a burst.
 */
const EVENT_AGE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Per-link series carry the portal's configured name as `link`. */
export function createPortalMetrics(metrics: ServiceMetrics) {
  return {
    linkUp: metrics.gauge('portal_link_up', 'Whether the link is up (1) or not (0)', ['link'] as const),
    linkPeer: metrics.gauge('portal_link_peer_info', 'The peer of a link that is up (always 1)', [
      'link',
      'peer_id',
      'peer_name',
    ] as const),
    eventsIn: metrics.counter('portal_link_events_in_total', 'Events received on the link', ['link'] as const),
    eventsOut: metrics.counter('portal_link_events_out_total', 'Events sent on the link', ['link'] as const),
    burstEvents: metrics.gauge('portal_link_last_burst_events', 'Events in the last burst sent on the link', [
      'link',
    ] as const),
    burstSeconds: metrics.gauge('portal_link_last_burst_seconds', 'Duration of the last burst sent on the link', [
      'link',
    ] as const),
    rtt: metrics.gauge('portal_link_rtt_seconds', 'Round-trip time of the last ping on the link', ['link'] as const),
    refusals: metrics.counter('portal_link_refusals_total', 'Handshakes refused, by this side or the peer', [
      'link',
    ] as const),
    splitGrace: metrics.counter(
      'portal_split_grace_total',
      'Servers held as split pending (outcome "pending"), then back within the grace ("healed") or split off after it ("announced")',
      ['outcome'] as const,
    ),
    stateAway: metrics.gauge(
      'portal_state_away',
      "Whether this host's state has been silent past limits.stateAwaySeconds (1), links closed until it is back",
    ),
    held: metrics.counter(
      'portal_held_events_total',
      'Events kept for split-pending servers, then sent once their link was back ("released"), dropped as the oldest past portal.holdMaxEvents/holdMaxBytes ("overflow"), or dropped when the split was announced ("split")',
      ['outcome'] as const,
    ),
    servers: metrics.gauge('portal_network_servers', 'Servers on the network as this portal sees it (itself included)'),
    badEvents: metrics.counter(
      'portal_bad_events_total',
      'Events dropped because they are no NetEvent this version knows',
      ['origin'] as const,
    ),
    eventAge: metrics.histogram(
      'portal_event_age_seconds',
      "Age of the network events for this server as they arrive: from their origin portal's stamp to now (hosts' clocks must agree)",
      EVENT_AGE_BUCKETS,
    ),
    internalErrors: metrics.counter(
      'portal_internal_errors_total',
      'Exceptions caught in stream, timer and NATS callbacks',
    ),
  };
}

export type PortalMetrics = ReturnType<typeof createPortalMetrics>;
