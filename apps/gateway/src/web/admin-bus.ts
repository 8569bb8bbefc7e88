import { PROTOCOL_VERSION, subjects, type RequestSubject } from '@portalchat/protocol';
import { requestEnvelope, type Logger, type NatsConnection } from '@portalchat/service';
import type { AdminBus } from './admin-route';

/** State and the portal answer at once; a reload waits for every service of the host to take the file. */
const REQUEST_TIMEOUT_MS = 5000;
const RELOAD_TIMEOUT_MS = 20_000;

/** The admin API's requests on this host's NATS (subjects.adminState, adminPortal, hostReload). */
export function natsAdminBus(nc: NatsConnection, serverId: number, logger: Logger): AdminBus {
  async function ask<TReq extends { v: number }, TReply extends { v: number }>(
    subject: RequestSubject<TReq, TReply>,
    request: TReq,
    timeout: number,
  ): Promise<TReply> {
    const reply = await requestEnvelope(nc, subject, request, logger, { timeout });
    if (!reply) throw new Error(`an unreadable ${subject.reply.name}`);
    return reply;
  }
  return {
    state: (operator, action) =>
      ask(subjects.adminState(serverId), { v: PROTOCOL_VERSION, operator, action }, REQUEST_TIMEOUT_MS),
    portal: (operator, action) =>
      ask(subjects.adminPortal(serverId), { v: PROTOCOL_VERSION, operator, action }, REQUEST_TIMEOUT_MS),
    reload: (by) => ask(subjects.hostReload(serverId), { v: PROTOCOL_VERSION, by }, RELOAD_TIMEOUT_MS),
  };
}
