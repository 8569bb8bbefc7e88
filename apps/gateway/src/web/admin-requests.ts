import {
  adminActionProblems,
  type AdminPortalAction,
  type AdminPortalEntry,
  type AdminStateAction,
} from '@portalchat/protocol';

/**
 * The admin API's routes (issue 14), as pure data: a request's method, path and JSON body become
 * the call to make (an action for state, one for the portal, a reload), or the HTTP error to give.
 * The README's "Operator console and admin API" section documents each route with curl.
 *
 *   GET    /api/whoami                          the operator the credentials name
 *   GET    /api/users                           every user of the network
 *   POST   /api/users/<nick>/kill               {reason}                      KILL
 *   GET    /api/channels                        every channel
 *   POST   /api/channels/<chan>/close           {reason}                      IRCX KILL #chan
 *   PUT    /api/channels/<chan>/registration                                  MODE +r
 *   DELETE /api/channels/<chan>/registration                                  MODE -r
 *   GET    /api/channels/<chan>/access                                        ACCESS LIST
 *   POST   /api/channels/<chan>/access          {level, mask, minutes?, reason?}  ACCESS ADD
 *   DELETE /api/channels/<chan>/access          {level, mask}                 ACCESS DELETE
 *   POST   /api/wallops                         {text}                        WALLOPS
 *   GET    /api/portals                         the portals and their links
 *   POST   /api/portals                         {name, address, port, serverId, uplink, secret, fingerprint?, insecure?}
 *   DELETE /api/portals/<name>
 *   POST   /api/reload                          reload the host file
 *
 * A channel in a path is URL-encoded (`%23lobby` for `#lobby`).
 */
export type AdminCall =
  | { to: 'whoami' }
  | { to: 'state'; action: AdminStateAction }
  | { to: 'portal'; action: AdminPortalAction }
  | { to: 'reload' };

export type AdminRouteResult = { call: AdminCall } | { status: 400 | 404 | 405; error: string };

type Body = Record<string, unknown>;

function bad(problems: string[]): AdminRouteResult {
  return { status: 400, error: problems.join('; ') };
}

/** An action for state, checked as state will check it again. */
function toState(action: Body): AdminRouteResult {
  const problems = adminActionProblems(action);
  return problems.length > 0 ? bad(problems) : { call: { to: 'state', action: action as AdminStateAction } };
}

const PORTAL_NAME = /^[A-Za-z_-][A-Za-z0-9_-]{0,62}$/;

/** The fields of a portal entry, as the host file's schema wants them (libs/config portalEntry). */
export function portalEntryProblems(body: Body): string[] {
  const problems: string[] = [];
  const { name, address, port, serverId, uplink, secret, fingerprint, insecure } = body;
  if (typeof name !== 'string' || !PORTAL_NAME.test(name))
    problems.push('name: expected 1-63 letters, digits, _ or -, not starting with a digit');
  if (typeof address !== 'string' || address === '' || /[\s/]/.test(address))
    problems.push('address: expected an IP address or a host name');
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
    problems.push('port: expected an integer from 1 to 65535');
  if (typeof serverId !== 'number' || !Number.isInteger(serverId) || serverId < 1 || serverId > 4095)
    problems.push('serverId: expected an integer from 1 to 4095');
  if (typeof uplink !== 'boolean') problems.push('uplink: expected true or false');
  if (typeof secret !== 'string' || secret.length < 8)
    problems.push('secret: expected a string of at least 8 characters');
  if (
    fingerprint !== undefined &&
    (typeof fingerprint !== 'string' || !/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/.test(fingerprint))
  )
    problems.push('fingerprint: expected a SHA-256 fingerprint AB:CD:… (32 bytes)');
  if (insecure !== undefined && typeof insecure !== 'boolean') problems.push('insecure: expected true or false');
  return problems;
}

function segment(part: string | undefined): string | undefined {
  if (part === undefined || part === '') return undefined;
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/**
 * Maps one request. `path` is the URL's pathname under /api (e.g. `/channels/%23a/access`);
 * `body` is the parsed JSON body ({} for none).
 */
export function routeAdminRequest(method: string, path: string, body: Body): AdminRouteResult {
  const parts = path.split('/').slice(1);
  const [collection, rawName, sub, ...rest] = parts;
  const name = segment(rawName);
  const notAllowed: AdminRouteResult = { status: 405, error: `${method} is not allowed on /api${path}` };
  if (rest.length > 0 || (rawName !== undefined && name === undefined))
    return { status: 404, error: `no such route: /api${path}` };
  switch (collection) {
    case 'whoami':
      return name === undefined ? (method === 'GET' ? { call: { to: 'whoami' } } : notAllowed) : notFound(path);
    case 'reload':
      return name === undefined ? (method === 'POST' ? { call: { to: 'reload' } } : notAllowed) : notFound(path);
    case 'wallops':
      if (name !== undefined) return notFound(path);
      return method === 'POST' ? toState({ op: 'wallops', text: body['text'] }) : notAllowed;
    case 'users':
      if (name === undefined) return method === 'GET' ? toState({ op: 'users' }) : notAllowed;
      if (sub !== 'kill') return notFound(path);
      return method === 'POST' ? toState({ op: 'kill', nick: name, reason: body['reason'] }) : notAllowed;
    case 'channels':
      return channelRoute(method, path, name, sub, body, notAllowed);
    case 'portals':
      return portalRoute(method, path, name, sub, body, notAllowed);
    default:
      return notFound(path);
  }
}

function notFound(path: string): AdminRouteResult {
  return { status: 404, error: `no such route: /api${path}` };
}

function channelRoute(
  method: string,
  path: string,
  channel: string | undefined,
  sub: string | undefined,
  body: Body,
  notAllowed: AdminRouteResult,
): AdminRouteResult {
  if (channel === undefined) return method === 'GET' ? toState({ op: 'channels' }) : notAllowed;
  switch (sub) {
    case 'close':
      return method === 'POST' ? toState({ op: 'close-channel', channel, reason: body['reason'] }) : notAllowed;
    case 'registration':
      if (method === 'PUT') return toState({ op: 'register-channel', channel, registered: true });
      if (method === 'DELETE') return toState({ op: 'register-channel', channel, registered: false });
      return notAllowed;
    case 'access': {
      const entry = { channel, level: body['level'], mask: body['mask'] };
      if (method === 'GET') return toState({ op: 'access-list', channel });
      if (method === 'POST')
        return toState({ op: 'access-add', ...entry, minutes: body['minutes'], reason: body['reason'] });
      if (method === 'DELETE') return toState({ op: 'access-delete', ...entry });
      return notAllowed;
    }
    default:
      return notFound(path);
  }
}

function portalRoute(
  method: string,
  path: string,
  name: string | undefined,
  sub: string | undefined,
  body: Body,
  notAllowed: AdminRouteResult,
): AdminRouteResult {
  if (sub !== undefined) return notFound(path);
  if (name === undefined) {
    if (method === 'GET') return { call: { to: 'portal', action: { op: 'list' } } };
    if (method !== 'POST') return notAllowed;
    const problems = portalEntryProblems(body);
    if (problems.length > 0) return bad(problems);
    const given = body as unknown as AdminPortalEntry;
    const portal: AdminPortalEntry = {
      name: given.name,
      address: given.address,
      port: given.port,
      serverId: given.serverId,
      uplink: given.uplink,
      secret: given.secret,
      ...(given.fingerprint !== undefined ? { fingerprint: given.fingerprint } : {}),
      ...(given.insecure !== undefined ? { insecure: given.insecure } : {}),
    };
    return { call: { to: 'portal', action: { op: 'add', portal } } };
  }
  return method === 'DELETE' ? { call: { to: 'portal', action: { op: 'remove', name } } } : notAllowed;
}
