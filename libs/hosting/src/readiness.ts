import { get } from 'node:http';
import { POLL_INTERVAL_MS, sleep } from './ports';

export class NotReadyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NotReadyError';
  }
}

/** GET `url` once; resolves with the status code, or undefined when nothing answered. */
export function httpStatus(url: string, timeoutMs = 500): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(undefined));
  });
}

/** `http://host:port` of a health endpoint. */
export function healthBaseUrl(endpoint: { host: string; port: number }): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `http://${host}:${endpoint.port}`;
}

/**
 * Polls `<baseUrl><path>` (default `/readyz`) until it answers 200. `abort` is checked between
 * attempts so the caller can give up at once when the service has died.
 */
export async function waitReady(
  baseUrl: string,
  timeoutMs: number,
  abort: () => Error | undefined = () => undefined,
  path = '/readyz',
): Promise<void> {
  const url = `${baseUrl.replace(/\/$/, '')}${path}`;
  const deadline = Date.now() + timeoutMs;
  let lastStatus: number | undefined;
  for (;;) {
    const aborted = abort();
    if (aborted) throw aborted;
    lastStatus = await httpStatus(url);
    if (lastStatus === 200) return;
    if (Date.now() >= deadline) {
      const seen = lastStatus === undefined ? 'no answer' : `status ${lastStatus}`;
      throw new NotReadyError(`${url} not ready after ${timeoutMs} ms (${seen})`);
    }
    await sleep(POLL_INTERVAL_MS);
  }
}
