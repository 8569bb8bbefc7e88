import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import {
  PROTOCOL_VERSION,
  type AdminPortalAction,
  type AdminPortalReply,
  type AdminStateAction,
  type AdminStateReply,
  type ReloadReply,
} from '@portalchat/protocol';
import { normalizeIp } from '../connection-limits';
import type { AdminAuth } from './admin-auth';
import { ADMIN_PAGE, ADMIN_SCRIPT } from './admin-page';
import { routeAdminRequest } from './admin-requests';
import type { HttpRoute } from './http-routes';

/** What the API asks of the host's other processes over NATS (admin-bus.ts); each may reject (no answer). */
export interface AdminBus {
  state(operator: string, action: AdminStateAction): Promise<AdminStateReply>;
  portal(operator: string, action: AdminPortalAction): Promise<AdminPortalReply>;
  reload(by: string): Promise<ReloadReply>;
}

export interface AdminRouteOptions {
  auth: AdminAuth;
  bus: AdminBus;
  onError: (err: unknown) => void;
}

/** A JSON body larger than this is refused (413): the largest action is a portal entry. */
const MAX_BODY_BYTES = 16 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(`${JSON.stringify(body)}\n`);
}

function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.');
}

class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BodyError(400, 'the body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BodyError(400, 'the body must be a JSON object');
  return value as Record<string, unknown>;
}

/**
 * The operator console (`/admin`, a static page) and the admin API (`/api/…`, JSON), served on the
 * gateway's WebSocket listeners (issue 14). The page holds nothing private; every /api request
 * needs an operator's credentials (admin-auth.ts), and over plain HTTP they are taken from a
 * loopback client only: a password sent in clear over a network is refused (use a listener with
 * `tls: true`).
 */
export function adminRoute({ auth, bus, onError }: AdminRouteOptions): HttpRoute {
  return async (req, res, url) => {
    if (url.pathname === '/admin' || url.pathname === '/admin/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(ADMIN_PAGE);
      return true;
    }
    if (url.pathname === '/admin/console.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(ADMIN_SCRIPT);
      return true;
    }
    if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) return false;
    await serveApi(req, res, url.pathname.slice('/api'.length));
    return true;
  };

  async function serveApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const ip = normalizeIp(req.socket.remoteAddress ?? '');
    const secure = (req.socket as Partial<TLSSocket>).encrypted === true;
    if (!secure && !isLoopback(ip)) {
      sendJson(res, 403, {
        error: 'the admin API takes credentials over HTTPS only (a listener with tls: true), or from this machine',
      });
      return;
    }
    const outcome = await auth.check(ip, req.headers.authorization);
    switch (outcome.kind) {
      case 'missing':
      case 'wrong':
        sendJson(
          res,
          401,
          {
            error: outcome.kind === 'missing' ? 'operator credentials required (HTTP Basic)' : 'wrong name or password',
          },
          { 'WWW-Authenticate': 'Basic realm="Portalchat admin", charset="UTF-8"' },
        );
        return;
      case 'not-operator':
        sendJson(res, 403, { error: 'this account is not an operator' });
        return;
      case 'throttled':
        sendJson(
          res,
          429,
          { error: 'too many failed logins from this address' },
          {
            'Retry-After': String(outcome.retryAfterSeconds),
          },
        );
        return;
      case 'ok':
        break;
    }
    const operator = outcome.operator.name;
    let body: Record<string, unknown>;
    try {
      body = await readJson(req);
    } catch (err) {
      if (!(err instanceof BodyError)) throw err;
      sendJson(res, err.status, { error: err.message });
      return;
    }
    const routed = routeAdminRequest(req.method ?? 'GET', path, body);
    if ('status' in routed) {
      sendJson(res, routed.status, { error: routed.error });
      return;
    }
    const { call } = routed;
    try {
      switch (call.to) {
        case 'whoami':
          sendJson(res, 200, { v: PROTOCOL_VERSION, operator, level: outcome.operator.level });
          return;
        case 'state': {
          const reply = await bus.state(operator, call.action);
          sendJson(res, reply.ok ? 200 : 422, reply);
          return;
        }
        case 'portal': {
          const reply = await bus.portal(operator, call.action);
          sendJson(res, reply.ok ? 200 : 422, reply);
          return;
        }
        case 'reload': {
          const reply = await bus.reload(`admin API (${operator})`);
          sendJson(res, reply.ok ? 200 : 422, reply);
          return;
        }
      }
    } catch (err) {
      onError(err);
      sendJson(res, 503, {
        error: `no answer from the ${call.to === 'reload' ? 'host process' : call.to} service: ${(err as Error).message}`,
      });
    }
  }
}
