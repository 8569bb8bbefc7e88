import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdminAuth } from './admin-auth';
import { adminRoute, type AdminBus } from './admin-route';
import { dispatchHttp } from './http-routes';

const operator = { name: 'root', passwordHash: 'root-hash', level: 'sysop' as const };
const ROOT = `Basic ${Buffer.from('root:pw').toString('base64')}`;

describe('adminRoute (issue 14)', () => {
  let server: Server;
  let base = '';
  const asked: unknown[] = [];
  let stateAnswers = true;
  const bus: AdminBus = {
    state: (op, action) => {
      asked.push({ op, action });
      if (!stateAnswers) return Promise.reject(new Error('503 no responders'));
      return Promise.resolve(
        action.op === 'kill' && action.nick === 'ghost'
          ? { v: 1, ok: false, lines: [':irc.test 401 root ghost :No such nick/channel'] }
          : { v: 1, ok: true, lines: [] },
      );
    },
    portal: () => Promise.resolve({ v: 1, ok: true, portals: [] }),
    reload: () => Promise.resolve({ v: 1, ok: false, file: 'h.yaml', problems: ['h.yaml: motd: bad'], services: [] }),
  };

  beforeAll(async () => {
    const auth = new AdminAuth({
      accounts: () => ({ operators: [operator], accounts: [] }),
      // The password checks have their own spec: here 'pw' is the one password.
      verify: (password, hash) => Promise.resolve(password === 'pw' && hash === 'root-hash'),
      clock: Date.now,
    });
    const routes = [adminRoute({ auth, bus, onError: () => undefined })];
    server = createServer((req, res) => void dispatchHttp(routes, req, res, () => undefined));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    asked.length = 0;
    stateAnswers = true;
  });

  const call = async (method: string, path: string, body?: string, auth = ROOT) => {
    const res = await fetch(`${base}${path}`, { method, headers: { Authorization: auth }, ...(body ? { body } : {}) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('forwards a checked action as the signed-in operator and answers with the reply', async () => {
    expect(await call('POST', '/api/users/bob/kill', '{"reason":"spam"}')).toEqual({
      status: 200,
      json: { v: 1, ok: true, lines: [] },
    });
    expect(asked).toEqual([{ op: 'root', action: { op: 'kill', nick: 'bob', reason: 'spam' } }]);
  });

  it('answers 422 with the numerics of a refused command, and with the problems of a refused reload', async () => {
    expect(await call('POST', '/api/users/ghost/kill', '{"reason":"x"}')).toMatchObject({
      status: 422,
      json: { ok: false, lines: [':irc.test 401 root ghost :No such nick/channel'] },
    });
    expect(await call('POST', '/api/reload')).toMatchObject({ status: 422, json: { problems: ['h.yaml: motd: bad'] } });
  });

  it('refuses bad bodies before asking anyone: 400 for bad JSON or a bad field, 413 for a large one', async () => {
    expect(await call('POST', '/api/wallops', '{"text":')).toEqual({
      status: 400,
      json: { error: 'the body is not valid JSON' },
    });
    expect(await call('POST', '/api/wallops', '{"text":"a\\nb"}')).toEqual({
      status: 400,
      json: { error: 'text: must not contain line breaks or NUL' },
    });
    expect((await call('POST', '/api/wallops', JSON.stringify({ text: 'x'.repeat(20_000) }))).status).toBe(413);
    expect(asked).toEqual([]);
  });

  it('checks credentials before reading the body or routing (401 even for an unknown route)', async () => {
    expect((await call('GET', '/api/nothing', undefined, 'Basic eDp5')).status).toBe(401);
    expect((await call('GET', '/api/nothing')).status).toBe(404);
  });

  it('answers 503 when the service does not answer', async () => {
    stateAnswers = false;
    expect(await call('GET', '/api/users')).toEqual({
      status: 503,
      json: { error: 'no answer from the state service: 503 no responders' },
    });
  });

  it('leaves other paths to the next route (426 here)', async () => {
    expect((await fetch(`${base}/map`)).status).toBe(426);
    expect((await fetch(`${base}/admin`)).status).toBe(200);
  });
});
