/**
 * What each kind of process may publish and subscribe to on a host's NATS: least privilege per
 * role, so that a stolen or buggy gateway can neither speak as state to other gateways' clients
 * nor read their lines, and the portal can only talk to state. The host's nats-server is started
 * with these (libs/hosting nats-auth.ts); the subjects come from subjects.ts.
 *
 * Replies to requests (state's StateInfo answers) go to the requester's inbox, which NATS lets a
 * responder publish to for the one request (`allowResponses`); each requester's inbox has its own
 * prefix (`inboxPrefix`), so nobody can read another's answers.
 */
import { gatewayReloadName, historyStream, subjects } from './subjects';

export type BusRole =
  | { kind: 'state' }
  | { kind: 'portal' }
  | { kind: 'gateway'; gatewayId: string }
  /** Full access: tools that watch or stand in for a service (the bench, debugging). */
  | { kind: 'operator' };

export interface BusPermissions {
  /** The NATS user name of the role. */
  user: string;
  publish: string[];
  subscribe: string[];
  /** Whether it may answer requests (publish once to each requester's reply subject). */
  allowResponses: boolean;
}

/** The NATS user a role connects as: `state`, `portal`, `operator`, `gateway-<id>`. */
export function busUser(role: BusRole): string {
  return role.kind === 'gateway' ? `gateway-${role.gatewayId}` : role.kind;
}

/** Where a role's request inboxes live (nats.js `inboxPrefix`): only it may subscribe there. */
export function inboxPrefixOf(role: BusRole): string {
  return `_INBOX.${busUser(role)}`;
}

/**
 * What state needs of JetStream for its history stream and nothing more: append to the stream's
 * subject, and the API calls on that one stream (info, create, update; an ordered consumer to read
 * it back: create, next, info, delete). Replies come to state's own inbox.
 */
function historyStreamApi(serverId: number): string[] {
  const { stream, subject } = historyStream(serverId);
  return [
    subject,
    '$JS.API.INFO',
    `$JS.API.STREAM.*.${stream}`,
    `$JS.API.CONSUMER.*.${stream}`,
    `$JS.API.CONSUMER.*.${stream}.>`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.>`,
  ];
}

export function busPermissions(role: BusRole, serverId: number): BusPermissions {
  const user = busUser(role);
  const inbox = `${inboxPrefixOf(role)}.>`;
  switch (role.kind) {
    case 'state':
      return {
        user,
        publish: [
          subjects.stateHello(serverId).name,
          subjects.gatewayOutAll(serverId).name,
          subjects.portalOut(serverId).name,
          subjects.burstReplyAll(serverId).name,
          // REHASH asks the host process to reload the host file.
          subjects.hostReload(serverId).name,
          ...historyStreamApi(serverId),
        ],
        subscribe: [
          subjects.stateInAll(serverId).name,
          subjects.stateInfo(serverId).name,
          subjects.portalIn(serverId).name,
          subjects.stateBurst(serverId).name,
          subjects.stateCensus(serverId).name,
          subjects.adminState(serverId).name,
          subjects.serviceReload(serverId, 'state').name,
          inbox,
        ],
        allowResponses: true,
      };
    case 'gateway':
      return {
        user,
        publish: [
          subjects.stateIn(serverId, role.gatewayId).name,
          subjects.stateInfo(serverId).name,
          subjects.stateCensus(serverId).name,
          // The admin API (issue 14): the gateway asks, after checking the operator's password.
          subjects.adminState(serverId).name,
          subjects.adminPortal(serverId).name,
          subjects.hostReload(serverId).name,
        ],
        subscribe: [
          subjects.gatewayOut(serverId, role.gatewayId).name,
          subjects.stateHello(serverId).name,
          subjects.portalMap(serverId).name,
          subjects.serviceReload(serverId, gatewayReloadName(role.gatewayId)).name,
          inbox,
        ],
        allowResponses: true,
      };
    case 'portal':
      return {
        user,
        publish: [
          subjects.portalIn(serverId).name,
          subjects.stateBurst(serverId).name,
          subjects.stateInfo(serverId).name,
          subjects.portalMap(serverId).name,
        ],
        subscribe: [
          subjects.portalOut(serverId).name,
          subjects.burstReplyAll(serverId).name,
          subjects.stateHello(serverId).name,
          subjects.adminPortal(serverId).name,
          subjects.serviceReload(serverId, 'portal').name,
          inbox,
        ],
        allowResponses: true,
      };
    case 'operator':
      return { user, publish: ['>'], subscribe: ['>'], allowResponses: true };
  }
}
