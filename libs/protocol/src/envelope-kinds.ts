import type { DeliveryBatch, EnvelopeKind, GatewayBatch, StateHello, StateInfo, StateInfoRequest } from './envelopes';
import type { BurstChunk, BurstRequest, NetInBatch, NetOutBatch } from './network-events';
import type { PortalMapReport, StateCensus, StateCensusRequest } from './network-map';
import type {
  AdminPortalReply,
  AdminPortalRequest,
  AdminStateReply,
  AdminStateRequest,
  ReloadReply,
  ReloadRequest,
} from './admin-envelopes';
import {
  anything,
  arrayOf,
  arrayOfTrusted,
  bool,
  fieldProblem,
  num,
  optional,
  str,
  type Check,
  type FieldChecks,
} from './shape-check';

/**
 * The check each payload type gets when it is decoded (decodeEnvelope), one kind per payload;
 * subjects.ts says which subject carries which. `FieldChecks` lists every field of the type, so a
 * field added to or removed from a payload does not compile until its kind follows.
 *
 * How deep the checks go: every field of the envelope itself is checked (a few typeof tests), but
 * the items of a batch are not, one by one. Those batches pass between the services of one host,
 * built from this repository and of the same PROTOCOL_VERSION (checked first); checking each
 * delivery op of every state → gateway batch would cost the fan-out path (tens of thousands of
 * ops a second) for no protection a version check does not already give. Events from other hosts
 * are the exception, and get their own check where they arrive: netEventProblem, at the portal
 * and again in state.
 */

function envelopeKind<T extends { v: number }>(name: string, fields: FieldChecks<Omit<T, 'v'>>): EnvelopeKind<T> {
  return {
    name,
    problem: (value) => {
      const field = fieldProblem(value, fields);
      return field === undefined ? undefined : `bad or missing field "${field}"`;
    },
  };
}

/** An admin action: an object naming its `op` (its other fields are checked where it is carried out). */
function adminAction<T extends { op: string }>(): Check<T> {
  return (v): v is T => typeof v === 'object' && v !== null && typeof (v as { op?: unknown }).op === 'string';
}

const subjectName: Check<string> = (v): v is string => typeof v === 'string' && v !== '';

export const envelopeKinds = {
  gatewayBatch: envelopeKind<GatewayBatch>('GatewayBatch', {
    gw: str,
    gi: str,
    seq: num,
    ack: num,
    resend: optional(bool),
    events: arrayOfTrusted(),
  }),
  deliveryBatch: envelopeKind<DeliveryBatch>('DeliveryBatch', {
    gi: str,
    first: num,
    ack: num,
    reset: optional(bool),
    ops: arrayOfTrusted(),
  }),
  stateHello: envelopeKind<StateHello>('StateHello', { instance: str, lineage: str }),
  stateInfoRequest: envelopeKind<StateInfoRequest>('StateInfoRequest', { snapshot: optional(bool) }),
  stateInfo: envelopeKind<StateInfo>('StateInfo', {
    instance: str,
    lineage: str,
    serverName: str,
    serverId: num,
    users: num,
    channels: num,
    snapshot: optional(anything),
  }),
  netOutBatch: envelopeKind<NetOutBatch>('NetOutBatch', { pi: str, first: num, ack: num, items: arrayOfTrusted() }),
  netInBatch: envelopeKind<NetInBatch>('NetInBatch', {
    pi: str,
    seq: num,
    ack: num,
    resend: optional(bool),
    items: arrayOfTrusted(),
  }),
  burstRequest: envelopeKind<BurstRequest>('BurstRequest', { replyTo: subjectName, excludeServers: arrayOf(num) }),
  burstChunk: envelopeKind<BurstChunk>('BurstChunk', { events: arrayOfTrusted(), last: bool }),
  // The map's payloads go to the gateway only, which copies their figures into the page's view.
  portalMapReport: envelopeKind<PortalMapReport>('PortalMapReport', {
    serverId: num,
    at: num,
    servers: arrayOfTrusted(),
    pending: arrayOf(num),
    edges: arrayOfTrusted(),
    links: arrayOfTrusted(),
  }),
  stateCensusRequest: envelopeKind<StateCensusRequest>('StateCensusRequest', {}),
  stateCensus: envelopeKind<StateCensus>('StateCensus', { servers: arrayOfTrusted() }),
  // The admin API's requests are built by the gateway from checked input (web/admin-requests.ts);
  // the receiving service checks each action's fields again where it acts on them.
  adminStateRequest: envelopeKind<AdminStateRequest>('AdminStateRequest', { operator: str, action: adminAction() }),
  adminStateReply: envelopeKind<AdminStateReply>('AdminStateReply', {
    ok: bool,
    lines: arrayOf(str),
    users: optional(arrayOfTrusted()),
    channels: optional(arrayOfTrusted()),
  }),
  adminPortalRequest: envelopeKind<AdminPortalRequest>('AdminPortalRequest', { operator: str, action: adminAction() }),
  adminPortalReply: envelopeKind<AdminPortalReply>('AdminPortalReply', {
    ok: bool,
    error: optional(str),
    portals: optional(arrayOfTrusted()),
  }),
  reloadRequest: envelopeKind<ReloadRequest>('ReloadRequest', { by: str }),
  reloadReply: envelopeKind<ReloadReply>('ReloadReply', {
    ok: bool,
    file: str,
    problems: arrayOf(str),
    services: arrayOf(str),
  }),
} as const;
