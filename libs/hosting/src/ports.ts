import { createConnection } from 'node:net';
import { randomInt } from 'node:crypto';
import { getPort } from 'get-port-please';

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
 * Where freePort looks first: below Linux's ephemeral range (32768-60999 by default), from which the
 * kernel gives every outgoing connection its local port. A port picked there (binding port 0) and
 * bound seconds later could meanwhile be any client socket's on the machine: a host spec that
 * reuses its ports across tests failed once with EADDRINUSE while the other test projects ran.
 */
const LISTEN_PORTS = { from: 20_000, to: 32_767 };
const CANDIDATES = 20;

/**
 * A TCP port on `host` that nobody listens on at the moment of the call: the first of a few random
 * ports of LISTEN_PORTS that binds (get-port-please checks each), else one the kernel picks.
 * Another process could still take it before the caller binds it; on loopback that race is rare.
 * (Not sindresorhus' get-port: it is ESM-only, and jest on Node 20 cannot require an ES module;
 * get-port-please ships CommonJS too.)
 */
export const freePort = (host = '127.0.0.1'): Promise<number> =>
  getPort({
    host,
    // 0, not the PORT environment variable get-port-please would otherwise try first.
    port: 0,
    ports: Array.from({ length: CANDIDATES }, () => randomInt(LISTEN_PORTS.from, LISTEN_PORTS.to + 1)),
  });

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
