import type { NetServer } from '@portalchat/protocol';

/**
 * One server's link-state record: who it is and which servers it has a link up with. Each portal
 * floods its own record whenever its links change; every portal computes the network from the
 * records it holds, so all agree once the records have spread.
 *
 * Link state rather than distance vectors: when a link of a cycle breaks, distance vectors can
 * keep advertising a dead server around the loop ("count to infinity"); here an edge counts
 * only while BOTH ends list each other, so a dead server's stale record links it to nobody.
 */
export interface ServerRecord {
  serverId: number;
  name: string;
  description: string;
  /** The server's portal start time (ms): a restarted server's records replace the old run's. */
  epoch: number;
  /** Grows with every change of the server's links within one epoch. */
  version: number;
  neighbours: number[];
}

export interface Reach {
  hops: number;
  /** The server one hop closer to us (ourselves for direct peers and for us). */
  parent: number;
}

export interface OwnServer {
  serverId: number;
  name: string;
  description: string;
  epoch: number;
}

/** Records that are newer: a later epoch, or the same epoch and a higher version. */
export function isNewer(a: ServerRecord, b: ServerRecord | undefined): boolean {
  if (!b) return true;
  return a.epoch !== b.epoch ? a.epoch > b.epoch : a.version > b.version;
}

export class NetworkGraph {
  private readonly records = new Map<number, ServerRecord>();
  private readonly own: ServerRecord;

  constructor(self: OwnServer) {
    this.own = { ...self, version: 1, neighbours: [] };
    this.records.set(self.serverId, this.own);
  }

  get selfId(): number {
    return this.own.serverId;
  }

  /** Our own links changed: a new version of our record, to flood to every link. */
  setNeighbours(ids: readonly number[]): ServerRecord {
    this.own.neighbours = [...new Set(ids)].sort((a, b) => a - b);
    this.own.version++;
    return { ...this.own, neighbours: [...this.own.neighbours] };
  }

  /** Stores a record from the network; true when it was news (and must be flooded on). */
  learn(record: ServerRecord): boolean {
    if (record.serverId === this.own.serverId) return false; // we are the authority on ourselves
    if (!isNewer(record, this.records.get(record.serverId))) return false;
    this.records.set(record.serverId, { ...record, neighbours: [...record.neighbours] });
    return true;
  }

  record(serverId: number): ServerRecord | undefined {
    return this.records.get(serverId);
  }

  /** Every record of a reachable server, ourselves first: what a new peer needs to know. */
  reachableRecords(): ServerRecord[] {
    return this.recordsOf(this.reachable().keys());
  }

  /** Servers we can reach (ourselves included, at 0 hops) through edges both ends confirm. */
  reachable(): Map<number, Reach> {
    return this.bfs(this.own.serverId, undefined);
  }

  /** Servers reachable through the direct peer `peerId` without passing through us. */
  reachableVia(peerId: number): Set<number> {
    if (!this.confirmed(this.own.serverId, peerId)) return new Set();
    return new Set(this.bfs(peerId, this.own.serverId).keys());
  }

  /** Drops records of servers nobody can reach any more (they come back with their next link). */
  pruneUnreachable(): void {
    const reach = this.reachable();
    for (const id of [...this.records.keys()]) if (!reach.has(id)) this.records.delete(id);
  }

  /** The network as state's ServerTable lists it: ourselves first, then by hops and ID (reachable servers all have a record). */
  servers(reach = this.reachable()): NetServer[] {
    return [...reach.entries()]
      .sort(([a, ra], [b, rb]) =>
        a === this.own.serverId ? -1 : b === this.own.serverId ? 1 : ra.hops - rb.hops || a - b,
      )
      .flatMap(([id, r]) => {
        const rec = this.records.get(id);
        return rec
          ? [
              {
                serverId: id,
                name: rec.name,
                description: rec.description,
                hops: r.hops,
                uplink: this.records.get(r.parent)?.name ?? rec.name,
              },
            ]
          : [];
      });
  }

  /**
   * The links between reachable servers that both ends confirm, each once as `[low, high]`,
   * sorted: the portals of the whole network as the map draws them.
   */
  edges(reach = this.reachable()): [number, number][] {
    const out: [number, number][] = [];
    for (const id of reach.keys()) {
      for (const next of this.records.get(id)?.neighbours ?? []) {
        if (id < next && reach.has(next) && this.confirmed(id, next)) out.push([id, next]);
      }
    }
    return out.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  }

  /**
   * The records of `ids`. Every reachable server has one (an edge counts only when the records of
   * both ends list it), so for a reach map nothing is left out.
   */
  private recordsOf(ids: Iterable<number>): ServerRecord[] {
    const out: ServerRecord[] = [];
    for (const id of ids) {
      const record = this.records.get(id);
      if (record) out.push(record);
    }
    return out;
  }

  private confirmed(a: number, b: number): boolean {
    return (
      (this.records.get(a)?.neighbours.includes(b) ?? false) && (this.records.get(b)?.neighbours.includes(a) ?? false)
    );
  }

  private bfs(start: number, avoid: number | undefined): Map<number, Reach> {
    const first = { hops: avoid === undefined ? 0 : 1, parent: avoid ?? start };
    const reach = new Map<number, Reach>([[start, first]]);
    const queue = [{ at: start, hops: first.hops }];
    // Each server is queued once, so the loop ends after at most records.size rounds (the
    // array iterator also visits what is pushed while it runs).
    for (const { at, hops } of queue) {
      for (const next of this.records.get(at)?.neighbours ?? []) {
        if (next === avoid || reach.has(next) || !this.confirmed(at, next)) continue;
        reach.set(next, { hops: hops + 1, parent: at });
        queue.push({ at: next, hops: hops + 1 });
      }
    }
    return reach;
  }
}

/**
 * The classic netsplit reason `<near server> <far server>` for servers that vanished between two
 * computations: the far server is a vanished one whose former parent is still reachable (the
 * root of the cut-off part), the near server that parent.
 */
export function splitReason(
  before: Map<number, Reach>,
  after: Map<number, Reach>,
  nameOf: (id: number) => string,
): string | undefined {
  const vanished = [...before.entries()].filter(([id]) => !after.has(id));
  const [first] = vanished;
  if (first === undefined) return undefined;
  const root = vanished.find(([, r]) => after.has(r.parent)) ?? first;
  return `${nameOf(root[1].parent)} ${nameOf(root[0])}`;
}
