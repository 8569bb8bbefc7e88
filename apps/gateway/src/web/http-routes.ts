import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One area of the pages and APIs the gateway serves on its WebSocket listeners beside IRC over
 * WebSocket (the chat page, the network map, the operator console). A route answers the requests
 * it owns and returns true; false passes the request on to the next one.
 */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

/** Plain HTTP that no route owns: what an IRC-over-WebSocket endpoint says to a browser's GET. */
function upgradeRequired(res: ServerResponse): void {
  res.writeHead(426, { Connection: 'close', Upgrade: 'websocket', 'Content-Type': 'text/plain' });
  res.end('IRC over WebSocket: connect with a WebSocket client (subprotocol text.ircv3.net)\n');
}

/**
 * Hands a plain HTTP request to the first route that takes it, else 426. A route that throws
 * answers 500 (when it had not started its answer) and never takes the listener down.
 */
export async function dispatchHttp(
  routes: readonly HttpRoute[],
  req: IncomingMessage,
  res: ServerResponse,
  onError: (err: unknown) => void,
): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    for (const route of routes) {
      if (await route(req, res, url)) return;
    }
    upgradeRequired(res);
  } catch (err) {
    onError(err);
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end();
  }
}
