import { z } from 'zod';

/**
 * `gateway.websocketOrigins`: the web pages allowed to open a WebSocket to the gateway, as a
 * browser sends them in the `Origin` header (RFC 6454): scheme, host and a non-default port,
 * nothing else. Only the canonical form is accepted, so the gateway's comparison is a plain
 * string match and an entry that could never match (a path, a trailing slash) is an error here.
 */
const WHAT = 'a web origin like https://chat.example.org (http or https, lowercase, no path)';

/** The canonical origin of `text`, or undefined when it is not one. */
export function canonicalOrigin(text: string): string | undefined {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin === text ? text : undefined;
  } catch {
    return undefined;
  }
}

export function websocketOrigin() {
  return z.string({ error: WHAT }).refine((text) => canonicalOrigin(text) !== undefined, { error: WHAT });
}
