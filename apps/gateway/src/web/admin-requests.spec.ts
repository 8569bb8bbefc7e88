import { routeAdminRequest } from './admin-requests';

describe('routeAdminRequest', () => {
  it.each<[string, string, Record<string, unknown>, unknown]>([
    ['GET', '/users', {}, { to: 'state', action: { op: 'users' } }],
    [
      'POST',
      '/users/bob/kill',
      { reason: 'spam' },
      { to: 'state', action: { op: 'kill', nick: 'bob', reason: 'spam' } },
    ],
    [
      'POST',
      '/channels/%23lobby/close',
      { reason: 'bye' },
      { to: 'state', action: { op: 'close-channel', channel: '#lobby', reason: 'bye' } },
    ],
    [
      'PUT',
      '/channels/%23lobby/registration',
      {},
      { to: 'state', action: { op: 'register-channel', channel: '#lobby', registered: true } },
    ],
    [
      'DELETE',
      '/channels/%23lobby/access',
      { level: 'DENY', mask: '*!*@x' },
      { to: 'state', action: { op: 'access-delete', channel: '#lobby', level: 'DENY', mask: '*!*@x' } },
    ],
    ['POST', '/wallops', { text: 'hi' }, { to: 'state', action: { op: 'wallops', text: 'hi' } }],
    ['GET', '/portals', {}, { to: 'portal', action: { op: 'list' } }],
    ['DELETE', '/portals/Portal_to_D', {}, { to: 'portal', action: { op: 'remove', name: 'Portal_to_D' } }],
    ['POST', '/reload', {}, { to: 'reload' }],
    ['GET', '/whoami', {}, { to: 'whoami' }],
  ])('%s %s', (method, path, body, call) => {
    expect(routeAdminRequest(method, path, body)).toEqual({ call });
  });

  it('takes a portal entry with the host file fields', () => {
    const portal = {
      name: 'Portal_to_D',
      address: '127.0.0.1',
      port: 6665,
      serverId: 13,
      uplink: false,
      secret: 'a-long-secret',
    };
    expect(routeAdminRequest('POST', '/portals', { ...portal, extra: 'ignored' })).toEqual({
      call: { to: 'portal', action: { op: 'add', portal } },
    });
  });

  it.each<[string, string, Record<string, unknown>, number, string]>([
    ['POST', '/users/bob/kill', {}, 400, 'reason: expected a string'],
    [
      'POST',
      '/portals',
      { name: '1bad', port: 0 },
      400,
      'name: expected 1-63 letters, digits, _ or -, not starting with a digit; address: expected an IP address or a host name; port: expected an integer from 1 to 65535; serverId: expected an integer from 1 to 4095; uplink: expected true or false; secret: expected a string of at least 8 characters',
    ],
    ['GET', '/nothing', {}, 404, 'no such route: /api/nothing'],
    ['GET', '/channels/%E0%A4%A/access', {}, 404, 'no such route: /api/channels/%E0%A4%A/access'],
    ['DELETE', '/users', {}, 405, 'DELETE is not allowed on /api/users'],
    ['GET', '/reload', {}, 405, 'GET is not allowed on /api/reload'],
  ])('%s %s %j → %i', (method, path, body, status, error) => {
    expect(routeAdminRequest(method, path, body)).toEqual({ status, error });
  });
});
