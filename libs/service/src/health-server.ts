import { fastify, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Logger } from './logger';

export interface Readiness {
  ready: boolean;
  /** Why the service is not ready, e.g. "state service not answering". */
  reason?: string;
  /** Extra fields shown on /readyz (connection counts, peer instance…). */
  details?: Record<string, unknown>;
}

export interface HealthServerOptions {
  service: string;
  readiness: () => Readiness;
  registry: Registry;
  logger: Logger;
}

/**
 * The HTTP face every service shows: liveness (/healthz), readiness (/readyz) and Prometheus
 * metrics (/metrics). Built but not listening, so tests use `app.inject()` (fastify's
 * build/listen split); `listenHealthServer` binds it.
 */
export function buildHealthServer({ service, readiness, registry, logger }: HealthServerOptions): FastifyInstance {
  // fastify's own logger stays off: request logs at scrape rate would drown the service's logs.
  const app = fastify({ logger: false });

  app.get('/healthz', () => Promise.resolve({ status: 'ok', service }));

  app.get('/readyz', async (_request, reply) => {
    const r = readiness();
    if (r.ready) return { status: 'ready', service, ...r.details };
    return reply.code(503).send({ status: 'not ready', service, reason: r.reason ?? 'not ready', ...r.details });
  });

  app.get('/metrics', async (_request, reply) => {
    const body = await registry.metrics();
    return reply.header('content-type', registry.contentType).send(body);
  });

  app.setErrorHandler((err, request, reply) => {
    logger.error({ err, url: request.url }, 'health endpoint failed');
    void reply.code(500).send({ status: 'error' });
  });

  return app;
}

/** Binds the health server; returns the address it listens on (useful with port 0). */
export async function listenHealthServer(
  app: FastifyInstance,
  endpoint: { host: string; port: number },
): Promise<string> {
  return app.listen({ host: endpoint.host, port: endpoint.port });
}
