import type { SupervisorStatus } from '@portalchat/hosting';
import { createLogger } from '@portalchat/service';
import { buildControlServer, tokenMatches, type ControlledHost } from './control-server';

const TOKEN = 'k3y';
const auth = { authorization: `Bearer ${TOKEN}` };
const logger = createLogger('host', { level: 'silent' });
const anyNumber: unknown = expect.any(Number);
/** Whether the fake host refuses the next reload (a bad host file). */
let reloadRefused = false;

function status(name: string, over: Partial<SupervisorStatus> = {}): SupervisorStatus {
  return {
    name,
    pid: 100,
    running: true,
    restarts: { crash: 0, operator: 0 },
    crashLoop: false,
    startedAt: 0,
    ...over,
  };
}

/** A host whose processes the test describes; restartService records what it was asked. */
function fakeHost(
  statuses: SupervisorStatus[],
  restart: (name: string) => Promise<{ pid: number }> = () => Promise.resolve({ pid: 4242 }),
) {
  const asked: string[] = [];
  const host: ControlledHost = {
    status: () => statuses,
    restartService: async (name) => {
      asked.push(name);
      const { pid } = await restart(name);
      return { pid, exited: new Promise(() => undefined), isRunning: () => true, stop: () => Promise.resolve() };
    },
    reload: (by) => {
      asked.push(`reload by ${by}`);
      return Promise.resolve(
        by === 'control endpoint' && reloadRefused
          ? { v: 1, ok: false, file: 'h.yaml', problems: ['h.yaml: motd: expected a list'], services: [] }
          : { v: 1, ok: true, file: 'h.yaml', problems: [], services: ['state: took the new file'] },
      );
    },
  };
  return { host, asked };
}

describe('buildControlServer', () => {
  it('counts restarts per service and reason, and shows which processes are up, in /metrics', async () => {
    const { host } = fakeHost([
      status('nats'),
      status('state', { restarts: { crash: 2, operator: 1 } }),
      status('gateway', { running: false, pid: undefined, crashLoop: true }),
    ]);
    const app = buildControlServer({ server: 'Chatsrv1', host: () => host, token: TOKEN, logger });
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('portalchat_service_restarts_total{host="Chatsrv1",service="state",reason="crash"} 2');
    expect(text).toContain('portalchat_service_restarts_total{host="Chatsrv1",service="state",reason="operator"} 1');
    expect(text).toContain('portalchat_service_restarts_total{host="Chatsrv1",service="nats",reason="crash"} 0');
    expect(text).toContain('portalchat_service_up{host="Chatsrv1",service="gateway"} 0');
    expect(text).toContain('portalchat_service_up{host="Chatsrv1",service="state"} 1');
    expect(text).toContain('portalchat_service_crash_loop{host="Chatsrv1",service="gateway"} 1');
    // The launcher's own process metrics, as on every service.
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="launcher"\} /m);
    await app.close();
  });

  it('is ready only once the host is up with every process running, and says which is down', async () => {
    let current: ControlledHost | undefined;
    const app = buildControlServer({ server: 'Chatsrv1', host: () => current, token: TOKEN, logger });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({
      status: 'not ready',
      reason: 'starting',
    });
    current = fakeHost([status('state', { running: false }), status('gateway')]).host;
    const down = await app.inject({ method: 'GET', url: '/readyz' });
    expect([down.statusCode, down.json<{ reason?: string }>().reason]).toEqual([503, 'down: state']);
    current = fakeHost([status('state'), status('gateway')]).host;
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok', service: 'host' });
    await app.close();
  });

  it('refuses the operator API without the token', async () => {
    const { host, asked } = fakeHost([status('state')]);
    const app = buildControlServer({ server: 'Chatsrv1', host: () => host, token: TOKEN, logger });
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }]) {
      expect((await app.inject({ method: 'POST', url: '/services/state/restart', headers })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/services', headers })).statusCode).toBe(401);
      expect((await app.inject({ method: 'POST', url: '/reload', headers })).statusCode).toBe(401);
    }
    expect(asked).toEqual([]);
    await app.close();
  });

  it('reloads the host file on request, and says why not when it is refused (422)', async () => {
    const { host, asked } = fakeHost([status('gateway')]);
    const app = buildControlServer({ server: 'Chatsrv1', host: () => host, token: TOKEN, logger });
    const reload = await app.inject({ method: 'POST', url: '/reload', headers: auth });
    expect([reload.statusCode, reload.json()]).toEqual([
      200,
      { server: 'Chatsrv1', v: 1, ok: true, file: 'h.yaml', problems: [], services: ['state: took the new file'] },
    ]);
    expect(asked).toEqual(['reload by control endpoint']);
    reloadRefused = true;
    const refused = await app.inject({ method: 'POST', url: '/reload', headers: auth });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      ok: false,
      error: 'Chatsrv1: reload refused, the running configuration stays:\n  h.yaml: motd: expected a list',
    });
    await app.close();
  });

  it('lists the processes and restarts one on request', async () => {
    const { host, asked } = fakeHost([status('state'), status('gateway')]);
    const app = buildControlServer({ server: 'Chatsrv1', host: () => host, token: TOKEN, logger });
    const list = await app.inject({ method: 'GET', url: '/services', headers: auth });
    expect(list.json()).toEqual({ server: 'Chatsrv1', services: [status('state'), status('gateway')] });
    const restart = await app.inject({ method: 'POST', url: '/services/gateway/restart', headers: auth });
    expect(restart.statusCode).toBe(200);
    expect(restart.json()).toMatchObject({
      server: 'Chatsrv1',
      service: 'gateway',
      pid: 4242,
      tookMs: anyNumber,
    });
    expect(asked).toEqual(['gateway']);
    await app.close();
  });

  it('answers 404 for an unknown service and 500 with the reason when the restart fails', async () => {
    const { host } = fakeHost([status('state')], () =>
      Promise.reject(new Error('Chatsrv1: state exited during start-up (exit code 2)')),
    );
    const app = buildControlServer({ server: 'Chatsrv1', host: () => host, token: TOKEN, logger });
    const unknown = await app.inject({ method: 'POST', url: '/services/nope/restart', headers: auth });
    expect([unknown.statusCode, unknown.json()]).toEqual([
      404,
      { error: 'Chatsrv1 runs no service named nope (it runs state)' },
    ]);
    const failed = await app.inject({ method: 'POST', url: '/services/state/restart', headers: auth });
    expect([failed.statusCode, failed.json()]).toEqual([
      500,
      { error: 'Chatsrv1: state exited during start-up (exit code 2)' },
    ]);
    await app.close();
  });
});

describe('tokenMatches', () => {
  it.each([
    ['Bearer k3y', true],
    ['Bearer k3y ', false],
    ['Bearer k3', false],
    ['bearer k3y', false],
    [undefined, false],
  ])('%j → %s', (header, expected) => {
    expect(tokenMatches(header, TOKEN)).toBe(expected);
  });
});
