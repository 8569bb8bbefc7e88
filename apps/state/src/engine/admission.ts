import type { HostConfig } from '@portalchat/config';

/**
 * Whether a new connection from `ip` fits the host-wide limits (each gateway checks its own
 * share first; this is the authoritative count across all gateways of the host).
 * Returns the refusal reason, or undefined to admit. The counts exclude the new connection.
 */
export function admitConnection(
  counts: { total: number; fromIp: number },
  limits: Pick<HostConfig['limits'], 'maxConnections' | 'maxConnectionsPerIp'>,
): string | undefined {
  if (counts.total >= limits.maxConnections) return 'Server is full';
  if (counts.fromIp >= limits.maxConnectionsPerIp) return 'Too many connections from your IP address';
  return undefined;
}
