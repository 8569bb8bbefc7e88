import type { NetInItem, NetServer, ServerTable, StampedNetEvent } from '@portalchat/protocol';
import { Harness, TEST_EPOCH, type ConfigOverrides } from './harness';

/**
 * Two or three state engines as servers of one network, wired in memory by a tiny stand-in for
 * the portals (pure test code): it stamps each server's events (origin, seq), routes them by
 * `targets` to the servers reachable over the current links, drops what a server has seen, sends
 * every server its ServerTable when the shape changes (with the split reason), and makes both
 * sides burst when a link comes up.
 *
 *   const net = new TestNetwork([{ id: 10, name: 'a.test' }, { id: 11, name: 'b.test' }]);
 *   net.link(10, 11);
 *   const alice = net.server(10).connect('alice');
 *   const bob = net.server(11).connect('bob');
 *   alice.send('PRIVMSG bob :hi');
 *   bob.lines();                            // every server's pending events are carried first
 */

export interface TestServerSpec {
  id: number;
  name: string;
  description?: string;
  /** More config for this server (operators, limits…). */
  overrides?: ConfigOverrides;
}

/** Rounds of carrying events before the network is declared stuck (a loop would be a bug). */
const MAX_ROUNDS = 50;

export class TestNetwork {
  private readonly harnesses = new Map<number, Harness>();
  private readonly specs = new Map<number, TestServerSpec>();
  /** Links as `a-b` with a < b. */
  private readonly links = new Set<string>();
  private readonly seq = new Map<number, number>();
  /** Per receiving server: `origin:seq` it was given (the portals' dedupe). */
  private readonly seen = new Map<number, Set<string>>();
  /** Per receiving server: every item it was given, in order (for replay specs). */
  readonly delivered = new Map<number, NetInItem[]>();
  /** The server tables each server was last sent (to send only changes). */
  private readonly tables = new Map<number, string>();
  /** Per origin: every event it emitted, with its targets (for routing specs). */
  readonly emitted = new Map<number, { event: StampedNetEvent; targets?: number[] }[]>();
  private flushing = false;

  constructor(specs: readonly TestServerSpec[]) {
    for (const spec of specs) {
      const harness = new Harness(
        { ...spec.overrides, server: { id: spec.id, name: spec.name, description: spec.description ?? `${spec.name} server` } },
        { network: true, beforePump: () => this.flush() },
      );
      harness.now = TEST_EPOCH;
      this.harnesses.set(spec.id, harness);
      this.specs.set(spec.id, spec);
      this.seen.set(spec.id, new Set());
      this.delivered.set(spec.id, []);
      this.emitted.set(spec.id, []);
    }
  }

  server(id: number): Harness {
    const harness = this.harnesses.get(id);
    if (!harness) throw new Error(`no server ${id} in this test network`);
    return harness;
  }

  /** Moves every server's clock. */
  advance(ms: number): void {
    for (const harness of this.harnesses.values()) harness.now += ms;
  }

  /**
   * Links two servers. Servers learn the new shape first, then each side bursts to the other
   * (leaving out what the other side already has), as the portals do after a handshake.
   */
  link(a: number, b: number): void {
    this.flush();
    const sideA = this.component(a);
    const sideB = this.component(b);
    this.links.add(linkKey(a, b));
    this.sendServerTables(undefined);
    if (sideA.has(b)) return; // already connected another way: nothing to burst
    this.burst(a, sideB);
    this.burst(b, sideA);
    this.flush();
  }

  /** Breaks a link: servers no longer reachable are split off with `<near> <far>`. */
  unlink(a: number, b: number): void {
    this.flush();
    this.links.delete(linkKey(a, b));
    this.sendServerTables((server) => {
      const [near, far] = this.component(server).has(a) ? [a, b] : [b, a];
      return `${this.nameOf(near)} ${this.nameOf(far)}`;
    });
    this.flush();
  }

  /** Carries events until no server has any left to send. */
  flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        let moved = false;
        for (const [origin, harness] of this.harnesses) {
          for (const item of harness.engine.network.drain()) {
            moved = true;
            const stamp = { origin, epoch: TEST_EPOCH, seq: this.nextSeq(origin) };
            const event = { ...item.event, stamp } as StampedNetEvent;
            this.emitted.get(origin)?.push({ event, ...(item.targets ? { targets: item.targets } : {}) });
            for (const to of this.component(origin)) {
              if (to === origin || (item.targets && !item.targets.includes(to))) continue;
              this.deliver(to, { type: 'event', event });
            }
          }
        }
        if (!moved) return;
      }
      throw new Error('the test network did not settle: events keep causing events');
    } finally {
      this.flushing = false;
    }
  }

  /** Gives one server again every item it was given so far, bypassing the dedupe (idempotency). */
  replayAll(to: number): void {
    const items = [...(this.delivered.get(to) ?? [])];
    this.server(to).engine.applyNetwork({ v: 1, items });
    this.flush();
  }

  /**
   * Takes `from`'s burst for `to` now and returns a function that delivers it later, freshly
   * stamped: a burst that travels behind live events which reach `to` by another path first (a
   * cycle of portals), so its content is older than what `to` has applied by then.
   */
  heldBurst(from: number, to: number): () => void {
    this.flush();
    const events = this.server(from).engine.burst(this.component(to).has(from) ? [to] : [...this.component(to)]);
    return () => {
      for (const event of events) {
        const stamped = { ...event, stamp: { origin: from, epoch: TEST_EPOCH, seq: this.nextSeq(from) } } as StampedNetEvent;
        this.deliver(to, { type: 'event', event: stamped });
      }
      this.flush();
    };
  }

  private deliver(to: number, item: NetInItem): void {
    if (item.type === 'event') {
      const key = `${item.event.stamp.origin}:${item.event.stamp.seq}`;
      const seen = this.seen.get(to) as Set<string>;
      if (seen.has(key)) return;
      seen.add(key);
    }
    this.delivered.get(to)?.push(item);
    this.server(to).engine.applyNetwork({ v: 1, items: [item] });
  }

  /** `from`'s whole view, stamped by `from`, to every server of `side`. */
  private burst(from: number, side: Set<number>): void {
    const events = this.server(from).engine.burst([...side]);
    for (const event of events) {
      const stamped = { ...event, stamp: { origin: from, epoch: TEST_EPOCH, seq: this.nextSeq(from) } } as StampedNetEvent;
      for (const to of side) this.deliver(to, { type: 'event', event: stamped });
    }
  }

  private sendServerTables(splitReason: ((server: number) => string) | undefined): void {
    for (const id of this.harnesses.keys()) {
      const servers = this.serversSeenFrom(id);
      const encoded = JSON.stringify(servers);
      const before = this.tables.get(id);
      if (before === encoded) continue;
      this.tables.set(id, encoded);
      const lost = before !== undefined && (JSON.parse(before) as NetServer[]).some((s) => !servers.some((n) => n.serverId === s.serverId));
      const table: ServerTable = { type: 'servers', servers, ...(lost && splitReason ? { splitReason: splitReason(id) } : {}) };
      this.deliver(id, table);
    }
  }

  /** Breadth-first from `id`: every reachable server with its hops and uplink. */
  private serversSeenFrom(id: number): NetServer[] {
    const out: NetServer[] = [];
    const queue: { server: number; hops: number; uplink: number }[] = [{ server: id, hops: 0, uplink: id }];
    const visited = new Set([id]);
    while (queue.length > 0) {
      const { server, hops, uplink } = queue.shift() as { server: number; hops: number; uplink: number };
      const spec = this.specs.get(server) as TestServerSpec;
      out.push({ serverId: server, name: spec.name, description: spec.description ?? `${spec.name} server`, hops, uplink: this.nameOf(uplink) });
      for (const next of this.neighbours(server)) {
        if (visited.has(next)) continue;
        visited.add(next);
        queue.push({ server: next, hops: hops + 1, uplink: server });
      }
    }
    return out;
  }

  private component(id: number): Set<number> {
    return new Set(this.serversSeenFrom(id).map((s) => s.serverId));
  }

  private neighbours(id: number): number[] {
    const out: number[] = [];
    for (const key of this.links) {
      const [a, b] = key.split('-').map(Number) as [number, number];
      if (a === id) out.push(b);
      else if (b === id) out.push(a);
    }
    return out;
  }

  private nameOf(id: number): string {
    return (this.specs.get(id) as TestServerSpec).name;
  }

  private nextSeq(origin: number): number {
    const seq = (this.seq.get(origin) ?? 0) + 1;
    this.seq.set(origin, seq);
    return seq;
  }
}

function linkKey(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}
