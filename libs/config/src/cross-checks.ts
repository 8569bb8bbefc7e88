import type { Problem } from './problems';
import { describeValue } from './problems';
import type { Endpoint, HostConfig } from './types';

/**
 * Rules that span several fields. They run on the raw parsed YAML, alongside the schema, so a
 * file with a bad port AND a duplicate portal name reports both at once. Hence the defensive
 * reads: any field may still be missing or of the wrong type here (the schema reports that).
 */
export function crossFieldProblems(raw: unknown): Problem[] {
  if (!isRecord(raw)) return [];
  const problems: Problem[] = [];
  const ownId = isRecord(raw.server) ? raw.server.id : undefined;
  const portals = Array.isArray(raw.portals) ? raw.portals : [];
  const operators = Array.isArray(raw.operators) ? raw.operators : [];

  // Portal names are compared case-insensitively: they name links in LINKS/logs, where
  // Portal_A and portal_a side by side would only confuse.
  problems.push(
    ...duplicates(
      portals,
      'portals',
      'name',
      (v) => (typeof v === 'string' ? v.toLowerCase() : undefined),
      'a portal name',
    ),
  );
  problems.push(
    ...duplicates(portals, 'portals', 'serverId', (v) => (typeof v === 'number' ? v : undefined), 'a server ID'),
  );
  problems.push(
    ...duplicates(operators, 'operators', 'name', (v) => (typeof v === 'string' ? v : undefined), 'an operator name'),
  );

  portals.forEach((p, i) => {
    if (isRecord(p) && typeof ownId === 'number' && p.serverId === ownId) {
      problems.push({
        path: `portals[${i}].serverId`,
        expected: `the peer's server ID, not this server's own (${ownId})`,
        got: describeValue(p.serverId),
      });
    }
  });

  const ircTls = isRecord(raw.listen) ? raw.listen.ircTls : undefined;
  if (Array.isArray(ircTls) && ircTls.length > 0 && (raw.tls === undefined || raw.tls === null)) {
    problems.push({
      path: 'listen.ircTls',
      expected: 'TLS listeners only with a tls section (tls.cert and tls.key)',
      got: describeValue(ircTls),
    });
  }

  const websocket = isRecord(raw.listen) ? raw.listen.websocket : undefined;
  if (Array.isArray(websocket) && (raw.tls === undefined || raw.tls === null)) {
    websocket.forEach((l, i) => {
      if (isRecord(l) && l.tls === true) {
        problems.push({
          path: `listen.websocket[${i}].tls`,
          expected: 'wss:// listeners only with a tls section (tls.cert and tls.key)',
          got: describeValue(true),
        });
      }
    });
  }

  if (raw.motd !== undefined && raw.motdFile !== undefined) {
    problems.push({
      path: 'motdFile',
      expected: 'either motd or motdFile, not both',
      got: describeValue(raw.motdFile),
    });
  }
  return problems;
}

/** Reports every entry whose `field` repeats an earlier entry's, naming the first one. */
function duplicates(
  items: unknown[],
  listName: string,
  field: string,
  keyOf: (value: unknown) => string | number | undefined,
  what: string,
): Problem[] {
  const firstIndex = new Map<string | number, number>();
  const problems: Problem[] = [];
  items.forEach((item, i) => {
    if (!isRecord(item)) return;
    const key = keyOf(item[field]);
    if (key === undefined) return;
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, i);
      return;
    }
    problems.push({
      path: `${listName}[${i}].${field}`,
      expected: `${what} not used by another entry`,
      got: `${describeValue(item[field])} (also ${listName}[${first}].${field})`,
    });
  });
  return problems;
}

/**
 * Checks on the finished config: two of this host's own listeners on the same address and port
 * would make one service fail at bind time with EADDRINUSE, far from the cause.
 */
export function listenerProblems(config: HostConfig): Problem[] {
  const listeners: Array<[string, Endpoint]> = [
    ...config.listen.irc.map((e, i): [string, Endpoint] => [`listen.irc[${i}]`, e]),
    ...config.listen.ircTls.map((e, i): [string, Endpoint] => [`listen.ircTls[${i}]`, e]),
    ...config.listen.websocket.map((e, i): [string, Endpoint] => [`listen.websocket[${i}]`, e]),
    ['listen.health.gateway', config.listen.health.gateway],
    ['listen.health.state', config.listen.health.state],
    ['listen.health.portal', config.listen.health.portal],
    ['listen.portal', config.listen.portal],
    ['listen.control', config.listen.control],
  ];
  const seen = new Map<string, string>();
  const problems: Problem[] = [];
  for (const [path, endpoint] of listeners) {
    const key = `${endpoint.host}:${endpoint.port}`;
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, path);
    else
      problems.push({ path, expected: 'an address and port no other listener uses', got: `${key} (also ${earlier})` });
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
