import type { FrameBody } from './frames';

/**
 * Whether a frame of a link that is up can be read at all. gRPC decodes the protobuf, but a
 * buggy peer can still send an event without a stamp, a topology record without its links, or a
 * ping without a time; such a frame would break the code that reads it, and events without a
 * valid stamp cannot be deduplicated. The link is then closed with the reason (see
 * PortalLink.receive) rather than guessed at. Event JSON is checked later, event by event
 * (Switchboard.fromLink): one bad event does not end a link.
 */

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isId = (v: unknown): boolean => isNumber(v) && Number.isInteger(v) && v > 0;
const isIdList = (v: unknown): boolean => Array.isArray(v) && v.every(isId);

/** Why the frame is unreadable, or undefined when it is fine. */
export function frameProblem(body: FrameBody): string | undefined {
  switch (body.kind) {
    case 'events': {
      const events: unknown = body.value.events;
      if (!Array.isArray(events)) return 'events frame without an event list';
      for (const [i, e] of events.entries()) {
        const problem = wireEventProblem(e);
        if (problem) return `event ${i} of an events frame: ${problem}`;
      }
      return undefined;
    }
    case 'topology': {
      const servers: unknown = body.value.servers;
      if (!Array.isArray(servers)) return 'topology frame without a server list';
      return servers.every(isServerRecord) ? undefined : 'topology frame with an unreadable server record';
    }
    case 'ping':
    case 'pong':
      return isNumber(body.value.sentAt) ? undefined : `${body.kind} frame without a time`;
    case 'burst':
      return typeof body.value.end === 'boolean' && isNumber(body.value.events) ? undefined : 'unreadable burst mark';
    default:
      return undefined;
  }
}

function wireEventProblem(e: unknown): string | undefined {
  if (e === null || typeof e !== 'object') return 'not an object';
  const wire = e as Record<string, unknown>;
  if (!isId(wire['origin']) || !isNumber(wire['epoch']) || !isId(wire['seq']))
    return 'no valid stamp (origin, epoch, seq)';
  if (!isIdList(wire['targets'])) return 'unreadable targets';
  if (typeof wire['json'] !== 'string') return 'no event JSON';
  return undefined;
}

function isServerRecord(r: unknown): boolean {
  if (r === null || typeof r !== 'object') return false;
  const rec = r as Record<string, unknown>;
  return (
    isId(rec['serverId']) &&
    typeof rec['name'] === 'string' &&
    typeof rec['description'] === 'string' &&
    isNumber(rec['epoch']) &&
    isNumber(rec['version']) &&
    isIdList(rec['neighbours'])
  );
}
