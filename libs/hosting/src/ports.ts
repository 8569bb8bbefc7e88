import { createConnection } from 'node:net';
import { getRandomPort } from 'get-port-please';

/** True when something accepts TCP connections at host:port right now. */
export function isPortOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const finish = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/**
 * A TCP port on `host` that nobody listens on at the moment of the call: get-port-please binds
 * port 0 there, so the kernel picks it. Another process could take it before the caller binds
 * it; on loopback in tests that race is rare. (Not sindresorhus' get-port: it is ESM-only, and
 * jest on Node 20 cannot require an ES module; get-port-please ships CommonJS too.)
 */
export const freePort = (host = '127.0.0.1'): Promise<number> => getRandomPort(host);

export const POLL_INTERVAL_MS = 25;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls until host:port accepts a connection. `abort` is checked between attempts so a caller can
 * stop waiting when the process that should listen has died.
 */
export async function waitForPort(
  host: string,
  port: number,
  timeoutMs: number,
  abort: () => Error | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const aborted = abort();
    if (aborted) throw aborted;
    if (await isPortOpen(host, port, 200)) return;
    if (Date.now() >= deadline) throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
    await sleep(POLL_INTERVAL_MS);
  }
}
