import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatchHttp } from './http-routes';
import { staticFilesRoute } from './static-files';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request (no URL normalisation by a client library, so `..` reaches the server as sent). */
function send(port: number, method: string, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('staticFilesRoute', () => {
  let dir: string;
  let server: Server;
  let port: number;

  /** Serves `root` through the route, as the WebSocket listener does (426 for what it does not take). */
  async function serve(root: string): Promise<void> {
    const route = staticFilesRoute(root);
    server = createServer((req, res) => void dispatchHttp([route], req, res, () => {}));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'web-static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>chat</title>');
    writeFileSync(join(dir, 'assets', 'app-AB12.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'style-CD34.css'), 'body{}');
    writeFileSync(join(dir, 'secret.txt'), 'not for the web');
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page at / uncached, with a content security policy', async () => {
    await serve(dir);
    const reply = await send(port, 'GET', '/');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('no-cache');
    expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
    expect(reply.body).toBe('<!doctype html><title>chat</title>');
  });

  it.each([
    ['/assets/app-AB12.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['/assets/style-CD34.css', 'text/css; charset=utf-8', 'body{}'],
  ])('serves %s as %s, cached for a year', async (path, type, body) => {
    await serve(dir);
    const reply = await send(port, 'GET', path);
    expect(reply).toMatchObject({ status: 200, body });
    expect(reply.headers['content-type']).toBe(type);
    expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers HEAD with the headers and no body', async () => {
    await serve(dir);
    const reply = await send(port, 'HEAD', '/assets/app-AB12.js');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-length']).toBe(String('console.log(1)'.length));
    expect(reply.body).toBe('');
  });

  it.each([
    '/assets/missing-1234.js',
    '/assets/',
    '/assets/../secret.txt',
    '/assets/..%2fsecret.txt',
    '/assets/%2e%2e%2fsecret.txt',
    '/assets/..%5csecret.txt',
    '/assets/.hidden.js',
    '/assets/%E0%A4%A.js',
    '/assets/sub/app-AB12.js',
  ])('answers 404 for %s and never leaves the folder', async (path) => {
    await serve(dir);
    const reply = await send(port, 'GET', path);
    // `/assets/../secret.txt` is normalised by URL parsing to /secret.txt, which is not ours (426).
    expect([404, 426]).toContain(reply.status);
    expect(reply.body).not.toContain('not for the web');
  });

  it('refuses other methods with 405', async () => {
    await serve(dir);
    const reply = await send(port, 'POST', '/');
    expect(reply.status).toBe(405);
    expect(reply.headers['allow']).toBe('GET, HEAD');
  });

  it('leaves other paths (/map, /api/, /admin) to the other routes', async () => {
    await serve(dir);
    for (const path of ['/map', '/api/users', '/admin', '/favicon.ico']) {
      expect((await send(port, 'GET', path)).status).toBe(426);
    }
  });

  it('says the web client was not built when its files are missing', async () => {
    await serve(join(dir, 'nowhere'));
    const reply = await send(port, 'GET', '/');
    expect(reply.status).toBe(404);
    expect(reply.body).toContain('The web client was not built');
    expect((await send(port, 'GET', '/assets/app-AB12.js')).status).toBe(404);
  });
});
