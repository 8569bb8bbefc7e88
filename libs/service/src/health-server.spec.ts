import { Registry, Counter } from 'prom-client';
import { buildHealthServer, type Readiness } from './health-server';
import { createLogger } from './logger';

const logger = createLogger('test', { level: 'silent' });

function build(readiness: () => Readiness) {
  const registry = new Registry();
  new Counter({ name: 'portalchat_test_total', help: 'a test counter', registers: [registry] }).inc(3);
  return buildHealthServer({ service: 'gateway', readiness, registry, logger });
}

describe('buildHealthServer', () => {
  it('answers /healthz with ok and the service name', async () => {
    const app = build(() => ({ ready: false }));
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', service: 'gateway' });
    await app.close();
  });

  it('answers /readyz with 200 and the details when ready', async () => {
    const app = build(() => ({ ready: true, details: { connections: 4 } }));
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', service: 'gateway', connections: 4 });
    await app.close();
  });

  it('answers /readyz with 503 and the reason when not ready', async () => {
    const app = build(() => ({ ready: false, reason: 'state service not answering' }));
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'not ready', service: 'gateway', reason: 'state service not answering' });
    await app.close();
  });

  it('asks for readiness on every request', async () => {
    let ready = false;
    const app = build(() => ({ ready }));
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    ready = true;
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await app.close();
  });

  it('serves the registry as Prometheus text on /metrics', async () => {
    const app = build(() => ({ ready: true }));
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('portalchat_test_total 3');
    await app.close();
  });
});
