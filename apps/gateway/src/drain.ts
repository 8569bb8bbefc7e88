/**
 * What a gateway stopped on purpose (SIGTERM/SIGINT: `npm run ctl -- restart <host> gateway`,
 * `systemctl stop`, Ctrl-C) says to each client before it closes the socket. With the other
 * servers' addresses configured (`gateway.redirectTo`) it says where to go:
 * - an IRCX session gets `:<server> REDIRECT <host:port>,… :<reason>` (IRCX draft §6.2, sent on
 *   shutdown as Exchange Chat did; never to a plain session, which would not know the command);
 * - every session then gets `ERROR :Closing Link: <ip> (<reason>; reconnect to <a> or <b>)`, so a
 *   plain client's user reads where to reconnect, and an IRCX client without REDIRECT support too.
 * Without targets it is the plain `ERROR :Closing Link: <ip> (Server shutting down)` of before.
 */

/** The QUIT reason the rest of the network sees, and the start of the ERROR text. */
export const SHUTDOWN_REASON = 'Server shutting down';

export interface FarewellClient {
  /** The connection ID: it picks where this client's list of targets starts. */
  id: number;
  ip: string;
  ircx: boolean;
}

/** The lines a client gets before its socket closes, in order. */
export function farewellLines(serverName: string, client: FarewellClient, targets: readonly string[]): string[] {
  if (targets.length === 0) return [`ERROR :Closing Link: ${client.ip} (${SHUTDOWN_REASON})`];
  const order = rotated(targets, client.id);
  const error = `ERROR :Closing Link: ${client.ip} (${SHUTDOWN_REASON}; reconnect to ${order.join(' or ')})`;
  if (!client.ircx) return [error];
  return [`:${serverName} REDIRECT ${order.join(',')} :${SHUTDOWN_REASON}`, error];
}

/**
 * `targets` starting at entry `n mod length`. Clients try the first address first, so rotating
 * by connection ID spreads a drained gateway's clients over every other server instead of
 * sending all of them to the first one at once.
 */
export function rotated<T>(targets: readonly T[], n: number): T[] {
  if (targets.length === 0) return [];
  const start = ((n % targets.length) + targets.length) % targets.length;
  return [...targets.slice(start), ...targets.slice(0, start)];
}
