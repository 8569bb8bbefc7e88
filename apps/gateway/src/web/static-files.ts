import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import type { HttpRoute } from './http-routes';

/**
 * The web chat client (apps/web, built into dist/apps/web) at `/` of the WebSocket listeners:
 * index.html at `/` (never cached, so a new build is picked up at once) and the content-hashed
 * bundle under `/assets/` (cached for a year: a new build has new names). Only GET and HEAD; only
 * file names of one path segment under assets/, so no request reaches outside the directory.
 * Files are read per request: a rebuild is served without a restart, and the files are small.
 */

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** An asset's name: what the build writes (`app-X3F2.js`), and nothing that could leave the folder. */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** The page's own scripts and styles, and WebSocket connections back to where it came from. */
const PAGE_POLICY =
  "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; object-src 'none'; base-uri 'none'";

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string | number>,
  body: Buffer | string,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'Content-Length': bytes.length });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

function notFound(req: IncomingMessage, res: ServerResponse, text: string): void {
  answer(req, res, 404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, `${text}\n`);
}

async function readOrUndefined(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') {
      return undefined;
    }
    throw err;
  }
}

/** The route for the chat client whose build is in `dir` (index.html and assets/). */
export function staticFilesRoute(dir: string): HttpRoute {
  return async (req, res, url) => {
    const path = url.pathname;
    const isPage = path === '/' || path === '/index.html';
    if (!isPage && !path.startsWith('/assets/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      answer(
        req,
        res,
        405,
        { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' },
        'Method not allowed\n',
      );
      return true;
    }
    if (isPage) {
      const page = await readOrUndefined(join(dir, 'index.html'));
      if (!page) {
        notFound(req, res, 'The web client was not built: run `node tools/build.js` (or `npx nx build web`).');
        return true;
      }
      answer(
        req,
        res,
        200,
        {
          'Content-Type': CONTENT_TYPES['.html'] ?? '',
          'Cache-Control': 'no-cache',
          'Content-Security-Policy': PAGE_POLICY,
        },
        page,
      );
      return true;
    }
    const name = safeDecode(path.slice('/assets/'.length));
    const type = name === undefined ? undefined : CONTENT_TYPES[extname(name)];
    const file =
      name !== undefined && type !== undefined && ASSET_NAME.test(name)
        ? await readOrUndefined(join(dir, 'assets', name))
        : undefined;
    if (!file || !type) {
      notFound(req, res, 'No such file');
      return true;
    }
    answer(req, res, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable' }, file);
    return true;
  };
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
