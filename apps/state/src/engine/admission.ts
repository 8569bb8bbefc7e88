import type { HostConfig } from '@portalchat/config';
import type { Connection } from '../model/types';

/**
 * Whether a new connection from `ip` fits the host-wide limits (each gateway checks its own
 * share first; this is the authoritative count across all gateways of the host).
 * Returns the refusal reason, or undefined to admit. `existing` excludes the new connection.
 */
export function admitConnection(
  existing: Iterable<Connection>,
  ip: string,
  limits: Pick<HostConfig['limits'], 'maxConnections' | 'maxConnectionsPerIp'>,
): string | undefined {
  let total = 0;
  let fromIp = 0;
  for (const conn of existing) {
    total++;
    if (conn.ip === ip) fromIp++;
  }
  if (total >= limits.maxConnections) return 'Server is full';
  if (fromIp >= limits.maxConnectionsPerIp) return 'Too many connections from your IP address';
  return undefined;
}
