import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { ServerResponse } from 'node:http';
import type { HttpRoute } from './http-routes';
import type { MapFeed } from './map-feed';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** One file name of the built page, no directories: nothing outside assetsDir can be named. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

/**
 * The read-only network map (issue 14): `/map` (the page), `/map/<file>` (its script and styles,
 * built into `assetsDir` from apps/map) and `/map/events` (the live stream, map-feed.ts).
 */
export function mapRoute(options: { feed: MapFeed; assetsDir: string | undefined }): HttpRoute {
  return async (req, res, url) => {
    const path = url.pathname;
    if (path !== '/map' && !path.startsWith('/map/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' });
      res.end('the map is read-only\n');
      return true;
    }
    if (path === '/map/events') {
      if (req.method === 'GET') options.feed.addViewer(req, res);
      else {
        res.writeHead(405, { Allow: 'GET', 'Content-Type': 'text/plain' });
        res.end('the event stream answers GET only\n');
      }
      return true;
    }
    const name = path === '/map' || path === '/map/' ? 'index.html' : path.slice('/map/'.length);
    const type = CONTENT_TYPES[extname(name)];
    if (!ASSET_NAME.test(name) || type === undefined) return notFound(res);
    if (options.assetsDir === undefined) return notBuilt(res);
    let body: Buffer;
    try {
      body = await readFile(join(options.assetsDir, name));
    } catch {
      return name === 'index.html' ? notBuilt(res) : notFound(res);
    }
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      // The page loads only its own files and its own event stream; cytoscape sets inline styles.
      'Content-Security-Policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}

function notFound(res: ServerResponse): true {
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found\n');
  return true;
}

function notBuilt(res: ServerResponse): true {
  res.writeHead(503, { 'Content-Type': 'text/plain' });
  res.end('the map page is not built on this server (build apps/map: node tools/build.js)\n');
  return true;
}
