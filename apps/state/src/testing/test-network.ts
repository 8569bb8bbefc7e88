import type { NetEvent, NetInItem, NetOutItem } from '@portalchat/protocol';
import { Switchboard, type HoldLimits, type ServerRecord, type SwitchLink, type WireEvent } from '@portalchat/routing';
import { Harness, TEST_EPOCH, type ConfigOverrides } from './harness';

/**
 * Two or three state engines as servers of one network, each with the portals' real routing core
 * (@portalchat/routing's Switchboard: stamping, routing by targets, dedupe, the link-state graph,
 * the server tables with their split reasons, the burst plan) and in-memory links in place of
 * gRPC. What the portal app adds around the switchboard is mirrored here in a few lines: a burst
 * is sent when the peer's first records arrive, taken from the sending engine at once.
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

/** What a portal sends on a link that the routing core reads (the frames' other kinds only serve the link itself). */
type Message = { kind: 'events'; events: WireEvent[] } | { kind: 'topology'; records: ServerRecord[] };

/** One server's end of an in-memory link: what it sends arrives at `other`, in order. */
class MemoryLink implements SwitchLink {
  open = true;
  /** Whether this end sent its burst (once, on the peer's first records). */
  burstSent = false;
  other: MemoryLink | undefined;

  constructor(
    readonly serverId: number,
    readonly peerId: number,
    private readonly carry: (to: MemoryLink, message: Message) => void,
  ) {}

  sendEvents(events: readonly WireEvent[]): void {
    this.send({ kind: 'events', events: [...events] });
  }

  sendTopology(records: readonly ServerRecord[]): void {
    this.send({ kind: 'topology', records: records.map((r) => ({ ...r, neighbours: [...r.neighbours] })) });
  }

  private send(message: Message): void {
    if (this.open && this.other) this.carry(this.other, message);
  }
}

export class TestNetwork {
  private readonly harnesses = new Map<number, Harness>();
  private readonly boards = new Map<number, Switchboard>();
  /** Links as `a-b` with a < b: both ends. */
  private readonly links = new Map<string, [MemoryLink, MemoryLink]>();
  /** Messages on their way, in the order they were sent (every link keeps its order). */
  private readonly inFlight: { to: MemoryLink; message: Message }[] = [];
  /** Per receiving server: every item its portal handed it, in order (for replay specs). */
  readonly delivered = new Map<number, NetInItem[]>();
  /** Per origin: every event it emitted, with its targets (for routing specs). */
  readonly emitted = new Map<number, NetOutItem[]>();
  private flushing = false;
  /** Every pair ever linked (`a-b`), as the portals' configs would list them. */
  private readonly everLinked = new Set<string>();
  /** Per server: starts a fresh portal (switchboard) with the given epoch. */
  private readonly portalStarters = new Map<number, (epoch: number) => void>();

  /**
   * `splitGraceMs`: the portals' split grace (0, the default: splits show at once); see
   * expireGraces(). `hold`: what they keep for split-pending servers (the switchboard's default).
   */
  constructor(specs: readonly TestServerSpec[], options: { splitGraceMs?: number; hold?: HoldLimits } = {}) {
    for (const spec of specs) {
      const description = spec.description ?? `${spec.name} server`;
      const harness = new Harness(
        { ...spec.overrides, server: { id: spec.id, name: spec.name, description } },
        { network: true, beforePump: () => this.flush() },
      );
      harness.now = TEST_EPOCH;
      this.harnesses.set(spec.id, harness);
      this.delivered.set(spec.id, []);
      this.emitted.set(spec.id, []);
      this.portalStarters.set(spec.id, (epoch) => {
        const board = new Switchboard({
          own: { serverId: spec.id, name: spec.name, description, epoch },
          deliver: (item) => this.deliver(spec.id, item),
          linkSummaries: () => [],
          onBadEvent: (problem) => {
            throw new Error(`server ${spec.id} got an event it cannot read: ${problem}`);
          },
          splitGrace: { ms: options.splitGraceMs ?? 0, now: () => harness.now },
          ...(options.hold ? { hold: options.hold } : {}),
          // Its peers are the servers it was ever linked to (a restarted portal knows them from its config).
          isPeer: (serverId) => this.everLinked.has(linkKey(spec.id, serverId)),
        });
        this.boards.set(spec.id, board);
        board.announce();
      });
      this.startPortal(spec.id, TEST_EPOCH);
    }
  }

  /**
   * The portal of `id` dies and a new one starts (kill -9 and a supervisor's restart): its links
   * end without a word from it, its peers see them drop; the new portal (a new epoch, the clock's
   * time) knows nothing of the network, while the server's state keeps its view. Relink with link().
   */
  restartPortal(id: number): void {
    this.flush();
    for (const [key, ends] of [...this.links]) {
      const at = ends.find((end) => end.serverId === id);
      const peer = ends.find((end) => end.serverId !== id);
      if (!at || !peer) continue;
      this.links.delete(key);
      for (const end of ends) end.open = false;
      this.board(peer.serverId).linkDown(peer);
    }
    this.startPortal(id, this.server(id).now);
    this.flush();
  }

  private startPortal(id: number, epoch: number): void {
    const start = this.portalStarters.get(id);
    if (!start) throw new Error(`no server ${id} in this test network`);
    start(epoch);
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
   * Links two servers as their portals do after a handshake: each side's switchboard takes the
   * link up and sends its records; on the peer's first records each side bursts what the other
   * side lacks (nothing when they were connected another way already).
   */
  link(a: number, b: number): void {
    this.flush();
    const key = linkKey(a, b);
    if (this.links.has(key)) throw new Error(`${a} and ${b} are linked already`);
    const carry = (to: MemoryLink, message: Message) => this.inFlight.push({ to, message });
    const atA = new MemoryLink(a, b, carry);
    const atB = new MemoryLink(b, a, carry);
    atA.other = atB;
    atB.other = atA;
    this.links.set(key, [atA, atB]);
    this.everLinked.add(key);
    this.board(a).linkUp(atA);
    this.board(b).linkUp(atB);
    this.flush();
  }

  /** Breaks a link: servers no longer reachable are split off with `<near> <far>`. */
  unlink(a: number, b: number): void {
    this.flush();
    const key = linkKey(a, b);
    const ends = this.links.get(key);
    if (!ends) throw new Error(`${a} and ${b} are not linked`);
    this.links.delete(key);
    for (const end of ends) {
      end.open = false;
      this.board(end.serverId).linkDown(end);
    }
    this.flush();
  }

  /** What the portals' grace timers do once the clock passed a deadline: held splits are announced. */
  expireGraces(): void {
    this.flush();
    for (const board of this.boards.values()) board.expireGrace();
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
          const items = harness.engine.network.drain();
          if (items.length === 0) continue;
          moved = true;
          this.emitted.get(origin)?.push(...items);
          this.board(origin).fromState(items);
        }
        for (let next = this.inFlight.shift(); next; next = this.inFlight.shift()) {
          moved = true;
          this.receive(next.to, next.message);
        }
        if (!moved) return;
      }
      throw new Error('the test network did not settle: events keep causing events');
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Gives one server again every event it was given so far, bypassing the dedupe (idempotency),
   * with its current server table in its place. Earlier tables are left out: they are no repeat
   * but another network (the first one, from the portal's start, lists this server alone).
   */
  replayAll(to: number): void {
    const delivered = this.delivered.get(to) ?? [];
    const current = [...delivered].reverse().find((item) => item.type === 'servers');
    const items = delivered.filter((item) => item.type !== 'servers' || item === current);
    this.server(to).engine.applyNetwork(items);
    this.flush();
  }

  /**
   * Takes `from`'s burst for `to` now and returns a function that delivers it later, freshly
   * stamped by `from`'s switchboard: a burst that travels behind live events which reach `to` by
   * another path first (a cycle of portals), so its content is older than what `to` has applied by
   * then. It reaches `to` on `to`'s link towards `from` (passing the dedupe, as a burst does).
   */
  heldBurst(from: number, to: number): () => void {
    this.flush();
    const events = this.server(from).engine.burst([to]);
    return () => {
      const board = this.board(to);
      const towardsFrom = this.endsAt(to).find((end) => board.reachableVia(end).includes(from));
      if (!towardsFrom) throw new Error(`${to} has no link towards ${from}`);
      const stamped = events.map((event) => this.board(from).stamp(event, undefined));
      board.fromLink(towardsFrom, stamped);
      this.flush();
    };
  }

  private receive(at: MemoryLink, message: Message): void {
    if (!at.open) return; // the link broke while this was on its way
    const board = this.board(at.serverId);
    if (message.kind === 'events') return board.fromLink(at, message.events);
    board.topology(at, message.records);
    if (at.burstSent) return;
    // The peer's first records tell what lies behind it: now the burst can leave that out.
    at.burstSent = true;
    const plan = board.burstPlan(at);
    if (!plan.send) return;
    // No targets: a server that links to the peer while this burst travels must get it too.
    // Between its marks, as the portal's Bursts sends it.
    const { servers } = plan;
    const events: NetEvent[] = [
      { type: 'burst', phase: 'begin', servers },
      ...this.server(at.serverId).engine.burst(plan.exclude),
      { type: 'burst', phase: 'end', servers },
    ];
    at.sendEvents(events.map((event) => board.stamp(event, undefined)));
  }

  private deliver(to: number, item: NetInItem): void {
    this.delivered.get(to)?.push(item);
    this.server(to).engine.applyNetwork([item]);
  }

  private board(id: number): Switchboard {
    const board = this.boards.get(id);
    if (!board) throw new Error(`no server ${id} in this test network`);
    return board;
  }

  private endsAt(serverId: number): MemoryLink[] {
    return [...this.links.values()].flat().filter((end) => end.serverId === serverId);
  }
}

function linkKey(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}
