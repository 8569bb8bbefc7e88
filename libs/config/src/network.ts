import { isIP } from 'node:net';
import type { HostConfig, PortalConfig } from './types';

/**
 * Checks that a set of host files forms one working network (the launcher runs this before
 * starting anything; tests use it on their topologies). Each file is already valid on its own;
 * these are the rules no single file can check. Returns one readable line per problem, [] if none.
 */
export function describeNetwork(configs: readonly HostConfig[]): string[] {
  return [
    ...uniqueServerProblems(configs),
    ...portalPairProblems(configs),
    ...sharedResourceProblems(configs),
    ...splitProblems(configs),
  ];
}

function label(config: HostConfig): string {
  return `${config.server.name} (${config.source})`;
}

function uniqueServerProblems(configs: readonly HostConfig[]): string[] {
  const problems: string[] = [];
  const byId = new Map<number, HostConfig>();
  const byName = new Map<string, HostConfig>();
  for (const config of configs) {
    const sameId = byId.get(config.server.id);
    if (sameId) problems.push(`${label(config)}: server.id ${config.server.id} is also used by ${label(sameId)}`);
    else byId.set(config.server.id, config);
    // Server names are compared case-insensitively, as IRC compares them.
    const nameKey = config.server.name.toLowerCase();
    const sameName = byName.get(nameKey);
    if (sameName)
      problems.push(`${label(config)}: server.name ${config.server.name} is also used by ${label(sameName)}`);
    else byName.set(nameKey, config);
  }
  return problems;
}

/** Every portal needs its twin on the peer, with matching address, secret and one uplink. */
function portalPairProblems(configs: readonly HostConfig[]): string[] {
  const problems: string[] = [];
  const byId = new Map(configs.map((c) => [c.server.id, c] as const));
  for (const host of configs) {
    for (const portal of host.portals) {
      const where = `${label(host)}: portal ${portal.name}`;
      const peer = byId.get(portal.serverId);
      if (!peer) {
        problems.push(`${where}: peer server ID ${portal.serverId} is not in the network`);
        continue;
      }
      const back = peer.portals.find((p) => p.serverId === host.server.id);
      if (!back) {
        problems.push(`${where}: ${label(peer)} has no portal back to server ID ${host.server.id}`);
        continue;
      }
      const peerPortal = peer.listen.portal;
      if (!sameAddress(portal.address, peerPortal.host) || portal.port !== peerPortal.port) {
        problems.push(
          `${where}: points at ${portal.address}:${portal.port}, but ${peer.server.name} listens for portals on ${peerPortal.host}:${peerPortal.port}`,
        );
      }
      // The remaining rules concern the pair, so report them once, from the lower ID's side.
      if (host.server.id < peer.server.id) problems.push(...pairRules(where, portal, peer, back));
    }
  }
  return problems;
}

/**
 * Whether a portal dialling `address` reaches a listener bound to `listenHost`. A DNS name cannot
 * be resolved here (the check must work offline, and hosts on separate machines are rarely all
 * checked together), and a wildcard listener answers on every address: both count as a match.
 */
function sameAddress(address: string, listenHost: string): boolean {
  if (isIP(address) === 0 && address !== 'localhost') return true;
  if (listenHost === '0.0.0.0' || listenHost === '::') return true;
  return address === listenHost;
}

function pairRules(where: string, portal: PortalConfig, peer: HostConfig, back: PortalConfig): string[] {
  const problems: string[] = [];
  const twin = `${peer.server.name}'s ${back.name}`;
  if (portal.uplink && back.uplink)
    problems.push(`${where}: both it and ${twin} have uplink: true; exactly one side must connect`);
  if (!portal.uplink && !back.uplink)
    problems.push(`${where}: neither it nor ${twin} has uplink: true; exactly one side must connect`);
  // Never print the secrets themselves: this text ends up in logs.
  if (portal.secret !== back.secret) problems.push(`${where}: its secret differs from ${twin}'s`);
  return problems;
}

/** Hosts share one machine in the reference setup: listeners and data directories must not collide. */
function sharedResourceProblems(configs: readonly HostConfig[]): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  const claim = (key: string, owner: string, what: string) => {
    const earlier = owners.get(key);
    if (earlier === undefined) owners.set(key, owner);
    else problems.push(`${owner}: ${what} is also used by ${earlier}`);
  };
  for (const config of configs) {
    const { irc, health, portal, control } = config.listen;
    const listeners = [
      ...irc.map((e, i) => [`listen.irc[${i}]`, e] as const),
      ['listen.health.gateway', health.gateway] as const,
      ['listen.health.state', health.state] as const,
      ['listen.health.portal', health.portal] as const,
      ['listen.portal', portal] as const,
      ['listen.control', control] as const,
    ];
    for (const [path, e] of listeners)
      claim(`listen ${e.host}:${e.port}`, `${label(config)} ${path}`, `${e.host}:${e.port}`);
    claim(`dir ${config.dataDir}`, `${label(config)} dataDir`, config.dataDir);
  }
  return problems;
}

/** Every host must reach every other through portals, possibly over several hops. */
function splitProblems(configs: readonly HostConfig[]): string[] {
  const [first] = configs;
  if (first === undefined || configs.length < 2) return [];
  const neighbours = new Map<number, Set<number>>(configs.map((c) => [c.server.id, new Set<number>()]));
  for (const config of configs) {
    for (const portal of config.portals) {
      if (!neighbours.has(portal.serverId)) continue;
      neighbours.get(config.server.id)?.add(portal.serverId);
      neighbours.get(portal.serverId)?.add(config.server.id);
    }
  }
  const reached = new Set<number>([first.server.id]);
  const queue = [first.server.id];
  // Each ID is queued at most once, so this ends after configs.length rounds.
  while (queue.length > 0) {
    const id = queue.shift() as number;
    for (const next of neighbours.get(id) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  const names = (list: readonly HostConfig[]) => list.map((c) => c.server.name).join(', ');
  const unreached = configs.filter((c) => !reached.has(c.server.id));
  if (unreached.length === 0) return [];
  const connected = configs.filter((c) => reached.has(c.server.id));
  return [`the network is split: ${names(connected)} cannot reach ${names(unreached)} through any portal`];
}
