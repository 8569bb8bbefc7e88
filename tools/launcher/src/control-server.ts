import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Gauge } from 'prom-client';
import type { RunningHost, SupervisorStatus } from '@portalchat/hosting';
import { buildHealthServer, createMetrics, type Logger } from '@portalchat/service';

/** What the control endpoint needs of a host: its processes' status and an operator's restart. */
export type ControlledHost = Pick<RunningHost, 'status' | 'restartService' | 'reload'>;

export interface ControlServerOptions {
  /** The host's server name, a label on every series. */
  server: string;
  /** The host once it has started; undefined while it starts. */
  host: () => ControlledHost | undefined;
  /** The secret every request but /healthz, /readyz and /metrics must carry as `Authorization: Bearer <token>`. */
  token: string;
  logger: Logger;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares in constant time (equal-length digests), so the answer time says nothing about the token. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/**
 * The host process's own HTTP face (`listen.control`): the same /healthz, /readyz and /metrics
 * every service serves, with per-process series (`portalchat_service_restarts_total` and friends,
 * read from the supervisors at scrape time), plus the operator API `npm run ctl` uses:
 * `GET /services` and `POST /services/<name>/restart`, both behind the token.
 */
export function buildControlServer({ server, host, token, logger }: ControlServerOptions): FastifyInstance {
  const metrics = createMetrics('launcher');
  const statuses = () => host()?.status() ?? [];
  const labels = (s: SupervisorStatus) => ({ host: server, service: s.name });

  new Counter({
    name: 'portalchat_service_restarts_total',
    help: 'Restarts of a process of this host: after a crash (reason="crash") or on request (reason="operator")',
    labelNames: ['host', 'service', 'reason'],
    registers: [metrics.registry],
    collect() {
      this.reset();
      for (const s of statuses()) {
        this.inc({ ...labels(s), reason: 'crash' }, s.restarts.crash);
        this.inc({ ...labels(s), reason: 'operator' }, s.restarts.operator);
      }
    },
  });
  new Gauge({
    name: 'portalchat_service_up',
    help: 'Whether the process is running (1) or down, e.g. waiting for its restart (0)',
    labelNames: ['host', 'service'],
    registers: [metrics.registry],
    collect() {
      this.reset();
      for (const s of statuses()) this.set(labels(s), s.running ? 1 : 0);
    },
  });
  new Gauge({
    name: 'portalchat_service_crash_loop',
    help: 'Whether the process is in a crash loop (restarted at the longest delay until it stays up)',
    labelNames: ['host', 'service'],
    registers: [metrics.registry],
    collect() {
      this.reset();
      for (const s of statuses()) this.set(labels(s), s.crashLoop ? 1 : 0);
    },
  });

  const readiness = () => {
    const current = host();
    if (!current) return { ready: false, reason: 'starting' };
    const down = current
      .status()
      .filter((s) => !s.running)
      .map((s) => s.name);
    return down.length === 0
      ? { ready: true, details: { server } }
      : { ready: false, reason: `down: ${down.join(', ')}`, details: { server } };
  };
  const app = buildHealthServer({ service: 'host', readiness, registry: metrics.registry, logger });

  const authorized = (request: FastifyRequest) => tokenMatches(request.headers.authorization, token);

  app.get('/services', async (request, reply) => {
    if (!authorized(request))
      return reply.code(401).send({ error: 'a valid token is required (Authorization: Bearer <token>)' });
    return { server, services: statuses() };
  });

  // What SIGHUP to the host does: the host file is read again and every service takes it (clients
  // stay connected); a bad file is refused with its validation messages (422) and nothing changes.
  app.post('/reload', async (request, reply) => {
    if (!authorized(request))
      return reply.code(401).send({ error: 'a valid token is required (Authorization: Bearer <token>)' });
    const current = host();
    if (!current) return reply.code(503).send({ error: `${server} is still starting` });
    const outcome = await current.reload('control endpoint');
    if (outcome.ok) return { server, ...outcome };
    const error = `${server}: reload refused, the running configuration stays:\n  ${outcome.problems.join('\n  ')}`;
    return reply.code(422).send({ server, ...outcome, error });
  });

  app.post<{ Params: { name: string } }>('/services/:name/restart', async (request, reply) => {
    if (!authorized(request))
      return reply.code(401).send({ error: 'a valid token is required (Authorization: Bearer <token>)' });
    const current = host();
    if (!current) return reply.code(503).send({ error: `${server} is still starting` });
    const { name } = request.params;
    if (!current.status().some((s) => s.name === name)) {
      return reply.code(404).send({
        error: `${server} runs no service named ${name} (it runs ${current
          .status()
          .map((s) => s.name)
          .join(', ')})`,
      });
    }
    const began = Date.now();
    try {
      const process = await current.restartService(name);
      return { server, service: name, pid: process.pid, tookMs: Date.now() - began };
    } catch (err) {
      return reply.code(500).send({ error: err instanceof Error ? err.message : String(err) });
    }
  });

  return app;
}
