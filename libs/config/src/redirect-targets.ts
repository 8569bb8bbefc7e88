import { isIP } from 'node:net';
import { z } from 'zod';
import { isDnsName } from './fields';
import type { Problem } from './problems';
import type { HostConfig } from './types';

/**
 * `gateway.redirectTo`: the other servers of the network, as clients reach them, where a
 * gateway that is stopped on purpose sends its clients (IRCX `REDIRECT <host:port,…>`, and the
 * address in the plain clients' ERROR). Written as the IRCX draft writes them, `host:port`, so
 * an entry goes to clients exactly as the operator typed it.
 */
const WHAT = 'a "host:port" address like irc2.example.net:6667 (an IPv6 literal in brackets: [2001:db8::2]:6667)';

/** `irc2.example.net:6667`, `192.0.2.7:6667`, `[2001:db8::2]:6667` → host and port; undefined if malformed. */
export function parseHostPort(text: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  if (!match) return undefined;
  const [, bracketed, plain, digits] = match;
  const port = Number(digits);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  if (bracketed !== undefined) return isIP(bracketed) === 6 ? { host: bracketed, port } : undefined;
  if (plain === undefined || isIP(plain) === 6) return undefined;
  return isIP(plain) === 4 || isDnsName(plain) ? { host: plain, port } : undefined;
}

/** One `gateway.redirectTo` entry: its syntax only (a DNS name is never resolved by a config check). */
export function redirectTarget() {
  return z.string({ error: WHAT }).refine((text) => parseHostPort(text) !== undefined, { error: WHAT });
}

/**
 * A redirect to this host's own listener would send its clients back to the server that is
 * going down, and a repeated entry only lengthens the line: both are mistakes worth naming.
 */
export function redirectProblems(config: HostConfig): Problem[] {
  const own = new Set(config.listen.irc.map((e) => endpointKey(e.host, e.port)));
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  config.gateway.redirectTo.forEach((entry, i) => {
    const target = parseHostPort(entry);
    if (!target) return;
    const key = endpointKey(target.host, target.port);
    const path = `gateway.redirectTo[${i}]`;
    const first = seen.get(key);
    if (own.has(key))
      problems.push({ path, expected: "another server's address, not this host's own IRC listener", got: entry });
    else if (first !== undefined)
      problems.push({
        path,
        expected: 'an address not listed before',
        got: `${entry} (also gateway.redirectTo[${first}])`,
      });
    else seen.set(key, i);
  });
  return problems;
}

function endpointKey(host: string, port: number): string {
  return `${host.toLowerCase()}:${port}`;
}
