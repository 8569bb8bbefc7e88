/**
 * Every NATS subject Portalchat uses, and the only place they are spelled out.
 *
 * Hierarchy (all namespaced by server ID so several hosts could share one NATS cluster):
 *
 *   chat.<sid>.state.in          gateway → state  GatewayBatch (client connections' events, in order)
 *   chat.<sid>.state.hello       state → gateways StateHello   (a state instance started)
 *   chat.<sid>.state.info        request/reply    StateInfoRequest → StateInfo (readiness, RTT, debug snapshot)
 *   chat.<sid>.gw.<gwId>.out     state → gateway  DeliveryBatch (lines to write, sockets to close)
 *   chat.<sid>.portal.out        state → portal   NetOutBatch   (local changes for the network)
 *   chat.<sid>.portal.in         portal → state   NetInBatch    (changes from the network, server table)
 *   chat.<sid>.state.burst       request          BurstRequest → BurstChunk… on its replyTo subject
 *   chat.<sid>.portal.burst.<id> state → portal   BurstChunk    (one burst's chunks, in order)
 *
 * Ordering: NATS keeps the order of messages from one publisher on one subject, so each gateway
 * publishes all its events on `state.in` from one connection and state writes each gateway's
 * deliveries on that gateway's own subject.
 */

export class InvalidSubjectTokenError extends Error {
  constructor(token: string, what: string) {
    super(`invalid ${what} for a NATS subject token: ${JSON.stringify(token)}`);
    this.name = 'InvalidSubjectTokenError';
  }
}

// A subject token must not be empty and must not contain '.', whitespace or wildcards.
const TOKEN = /^[A-Za-z0-9_-]+$/;

function token(value: string | number, what: string): string {
  // Server IDs are positive integers (the config schema says 1–4095); NaN or -1 must not slip through.
  if (typeof value === 'number' && !(Number.isInteger(value) && value > 0)) throw new InvalidSubjectTokenError(String(value), what);
  const s = String(value);
  if (!TOKEN.test(s)) throw new InvalidSubjectTokenError(s, what);
  return s;
}

export const subjects = {
  stateIn: (serverId: number) => `chat.${token(serverId, 'server ID')}.state.in`,
  stateHello: (serverId: number) => `chat.${token(serverId, 'server ID')}.state.hello`,
  stateInfo: (serverId: number) => `chat.${token(serverId, 'server ID')}.state.info`,
  portalOut: (serverId: number) => `chat.${token(serverId, 'server ID')}.portal.out`,
  portalIn: (serverId: number) => `chat.${token(serverId, 'server ID')}.portal.in`,
  stateBurst: (serverId: number) => `chat.${token(serverId, 'server ID')}.state.burst`,
  burstReply: (serverId: number, burstId: string) =>
    `chat.${token(serverId, 'server ID')}.portal.burst.${token(burstId, 'burst ID')}`,
  gatewayOut: (serverId: number, gatewayId: string) =>
    `chat.${token(serverId, 'server ID')}.gw.${token(gatewayId, 'gateway ID')}.out`,
} as const;

/** True when `id` can be used as a gateway ID (it becomes a subject token). */
export function isValidGatewayId(id: string): boolean {
  return TOKEN.test(id) && id.length <= 32;
}
