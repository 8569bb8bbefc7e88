import { UNTHROTTLED_CONNECTS, type HostConfig } from '@portalchat/config';
import type { GatewayEvent, NetInItem, NetOutItem, NetServer } from '@portalchat/protocol';
import { SequencedState, type InputRecord } from './sequenced-state';

/**
 * A warm spare's rehearsal of the engine (issue 11's state pause). A promoted spare replays the
 * journal since the last snapshot before it serves, and a fresh process runs that replay on code
 * V8 has not compiled yet: the same 509 records took 385-413 ms cold and 164-190 ms when the
 * process had replayed them once before (measured on a restart bench's journal). So while it
 * stands by, the spare runs a small chat through two scratch engines, one with the host's server
 * ID and one playing a linked server: clients register, join channels, talk in them and to each
 * other, and leave, on this server and on the other, with every record taken the way a replay
 * takes it (SequencedState.apply, the outputs drained and acknowledged). Nothing of it is kept.
 *
 * The scratch engines get the host's file with what would stop a synthetic client removed: the
 * server password, connection and flood limits, operators, accounts and configured channels; its
 * only portal is the one to the other scratch server.
 */

export interface RehearsalSize {
  /** Clients on each of the two servers. */
  users: number;
  channels: number;
  /** Rounds of one channel message and one private message per client. */
  rounds: number;
}

/** About 0.6 s of one core; the replay above then took 200 ms instead of 400 (five runs each). */
export const DEFAULT_REHEARSAL: RehearsalSize = { users: 100, channels: 10, rounds: 20 };

export interface RehearsalReport {
  /** Records applied (gateway and network batches). */
  records: number;
  /** Faults the engines reported: none is expected; a fault means the rehearsal ran less code. */
  faults: number;
  /** Remote users the host's engine held after the joins: the network path really ran. */
  remoteUsers: number;
}

/** The linked server's ID: any other than the host's. */
const otherId = (id: number): number => (id === 1 ? 2 : 1);
/** A round per second of the scratch clock, so no client goes past a rate limit. */
const ROUND_MS = 1000;
const START = 1_000_000;

function scratchConfig(config: HostConfig, id: number, peer: number, users: number): HostConfig {
  // No server password: the scratch clients send none.
  const server = { ...config.server };
  delete server.passwordHash;
  // A portal to the other scratch server: an engine with none sends no network events.
  const portal = {
    name: 'Rehearsal',
    address: '127.0.0.1',
    port: 1,
    serverId: peer,
    uplink: false,
    secret: 'rehearsal',
    insecure: true,
  };
  return {
    ...config,
    server: { ...server, id, name: `rehearsal${id}.invalid` },
    limits: { ...config.limits, maxConnections: users * 2, maxConnectionsPerIp: users * 2, ...UNTHROTTLED_CONNECTS },
    flood: { burst: 1_000_000, linesPerSecond: 1_000_000, maxQueuedLines: 1_000_000 },
    operators: [],
    portals: [portal],
    accounts: [],
    channels: [],
  };
}

/** One scratch server: its engine, its gateway's numbering and its portal's. */
class ScratchServer {
  readonly state: SequencedState;
  private gatewaySeq = 1;
  private gatewayAck = 0;
  private portalSeq = 1;
  private portalAck = 0;
  private stampSeq = 1;
  records = 0;
  faults = 0;

  constructor(
    config: HostConfig,
    readonly id: number,
  ) {
    this.state = new SequencedState(config, 'rehearsal', START);
  }

  gateway(t: number, events: GatewayEvent[]): void {
    this.take({ k: 'gw', t, gw: 'gw1', gi: 'rehearsal', seq: this.gatewaySeq, ack: this.gatewayAck, events });
    this.gatewaySeq += events.length;
  }

  network(t: number, items: NetInItem[]): void {
    if (items.length === 0) return;
    this.take({ k: 'net', t, pi: 'rehearsal', seq: this.portalSeq, ack: this.portalAck, items });
    this.portalSeq += items.length;
  }

  /** What this server's portal would pass on: its events, stamped. Its gateway's ops are acknowledged. */
  drain(): NetInItem[] {
    const { gateways, portal } = this.state.drain();
    for (const delivery of gateways)
      for (const run of delivery.runs) this.gatewayAck = Math.max(this.gatewayAck, run.first + run.items.length - 1);
    if (!portal) return [];
    const items: NetOutItem[] = [];
    for (const run of portal.runs) {
      this.portalAck = Math.max(this.portalAck, run.first + run.items.length - 1);
      items.push(...run.items);
    }
    return items.map(({ event }) => ({
      type: 'event',
      event: { ...event, stamp: { origin: this.id, epoch: START, seq: this.stampSeq++ } },
    }));
  }

  private take(record: InputRecord): void {
    this.records++;
    this.state.apply(record, () => this.faults++);
  }
}

/** Runs the rehearsal; throws nothing the engine does not (its faults are counted, not thrown). */
export function rehearse(config: HostConfig, size: RehearsalSize = DEFAULT_REHEARSAL): RehearsalReport {
  const hostId = config.server.id;
  const peerId = otherId(hostId);
  const here = new ScratchServer(scratchConfig(config, hostId, peerId, size.users), hostId);
  const there = new ScratchServer(scratchConfig(config, peerId, hostId, size.users), peerId);
  const servers = [here, there];
  let t = START;
  const carry = () => {
    // Until neither has anything for the other (a join answered by a mode change, and so on).
    for (let round = 0; round < 10; round++) {
      const fromHere = here.drain();
      const fromThere = there.drain();
      if (fromHere.length === 0 && fromThere.length === 0) return;
      there.network(t, fromHere);
      here.network(t, fromThere);
    }
  };
  const table = (self: ScratchServer, other: ScratchServer): NetInItem => {
    const server = (s: ScratchServer, hops: number): NetServer => ({
      serverId: s.id,
      name: `rehearsal${s.id}.invalid`,
      description: 'rehearsal',
      hops,
      uplink: `rehearsal${self.id}.invalid`,
    });
    return { type: 'servers', servers: [server(self, 0), server(other, 1)], links: [] };
  };
  here.network(t, [table(here, there)]);
  there.network(t, [table(there, here)]);

  const nick = (server: number, user: number) => `r${server}u${user}`;
  const channel = (user: number) => `#rehearsal${user % size.channels}`;
  // Per server, one event list per step: every client does the same thing in the same record.
  const step = (each: (server: number, user: number) => GatewayEvent[]) => {
    servers.forEach((s, i) => s.gateway(t, Array.from({ length: size.users }, (_, u) => each(i, u)).flat()));
    carry();
    t += ROUND_MS;
  };
  const conn = (user: number) => user + 1;
  step((server, user) => [
    {
      type: 'open',
      conn: conn(user),
      ip: `10.${server}.${user >> 8}.${user & 255}`,
      port: 40_000 + user,
      localIp: '127.0.0.1',
      localPort: 6667,
      tls: false,
    },
    { type: 'line', conn: conn(user), line: `NICK ${nick(server, user)}` },
    { type: 'line', conn: conn(user), line: `USER u 0 * :rehearsal` },
  ]);
  step((_, user) => [{ type: 'line', conn: conn(user), line: `JOIN ${channel(user)}` }]);
  const remoteUsers = [...here.state.engine.state.users.values()].filter((u) => u.serverId !== hostId).length;
  for (let round = 0; round < size.rounds; round++) {
    step((server, user) => [
      { type: 'line', conn: conn(user), line: `PRIVMSG ${channel(user)} :rehearsal ${round}` },
      {
        type: 'line',
        conn: conn(user),
        line: `PRIVMSG ${nick(1 - server, (user + round) % size.users)} :rehearsal ${round}`,
      },
    ]);
  }
  step((_, user) => [{ type: 'line', conn: conn(user), line: `PART ${channel(user)}` }]);
  step((_, user) => [{ type: 'closed', conn: conn(user), reason: 'rehearsal over' }]);
  return {
    records: here.records + there.records,
    faults: here.faults + there.faults,
    remoteUsers,
  };
}
