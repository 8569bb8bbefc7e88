import type { NetEvent, NetInItem, NetOutItem, PortalLinkSummary, ServerTable } from '@portalchat/protocol';
import { push, type Batches } from './batches';
import { DedupeWindow } from './dedupe';
import type { HoldLimits } from './hold-buffer';
import { NetworkGraph, splitReason, type OwnServer, type Reach, type ServerRecord } from './network-graph';
import { isForUs, routeLinks, type RouteLink } from './routing';
import { SplitGrace, type GraceOutcome, type PendingSplit } from './split-grace';
import { DEFAULT_HOLD_LIMITS, SplitHold, type HoldOutcome } from './split-hold';
import { netInItemJson, readWireEvent, toWireEvent, wireTargets, type WireEvent } from './wire-event';

/** What the switchboard needs of a link that is up (its handshake told who the peer is). */
export interface SwitchLink {
  readonly peerId: number;
  /** Live or burst events, in this order, after what was sent on the link before. */
  sendEvents(events: readonly WireEvent[]): void;
  /** Link-state records, after what was sent on the link before. */
  sendTopology(records: readonly ServerRecord[]): void;
}

/**
 * The burst a new link needs: none when its peer was on the network already (another path, a
 * cycle), else the local state's view without the servers that lie behind the link.
 */
export type BurstPlan = { send: false } | { send: true; exclude: number[]; servers: number[] };

export interface SwitchboardOptions {
  own: OwnServer;
  /**
   * Hands an item to the local state service (batched per turn by the caller); `json`, when
   * given, is the item's JSON already made (an event from a peer: netInItemJson).
   */
  deliver(item: NetInItem, json?: string): void;
  /** The figures of the links for STATS l, added to every ServerTable. */
  linkSummaries(): PortalLinkSummary[];
  /** An event dropped because it is not a NetEvent this version knows (bad JSON, unknown type, missing field). */
  onBadEvent(problem: string, wire: WireEvent): void;
  /**
   * The split grace: servers this portal stops reaching stay "split pending" for `ms` (state keeps
   * their users and shows nothing) until expireGrace() announces them; `now` gives the time (this
   * library reads no clock). Absent or 0 ms: the split shows at once.
   */
  splitGrace?: { ms: number; now: () => number };
  /** A split became pending, healed within its grace, or was announced after it (logs, metrics). */
  onSplitGrace?(outcome: GraceOutcome, splits: readonly PendingSplit[], names: readonly string[]): void;
  /**
   * What is kept for servers that are split pending (and, after a start, for servers not known
   * yet), to send them once they are back: nothing without a grace. Absent: DEFAULT_HOLD_LIMITS.
   */
  hold?: HoldLimits;
  onHold?(outcome: HoldOutcome): void;
  /**
   * Whether a server is one this portal links to directly (a configured portal): what is held for
   * it waits for its own link; what is held for a server further away goes with the first copy to
   * the portal in between, which holds it. Absent: the peers of the links seen so far.
   */
  isPeer?(serverId: number): boolean;
  /**
   * Event ages: with it, this server's events are stamped with `clock()` (ms since the Unix epoch)
   * and `observe` gets the age (ms) of every event for this server that carries such a stamp, at
   * its first arrival. Hosts' clocks must agree (NTP) for the figure to mean anything; a negative
   * age (a clock behind the origin's) is reported as 0.
   */
  eventAge?: { clock: () => number; observe(ms: number): void };
}

/**
 * The portal's routing core, free of gRPC and NATS: stamps the local state's events, passes
 * events between links and to state exactly once (dedupe), keeps the network graph from the
 * link-state records, and tells state the server table whenever the set of servers changes.
 */
export class Switchboard {
  readonly graph: NetworkGraph;
  private readonly dedupe: DedupeWindow;
  private readonly links = new Set<SwitchLink>();
  /** Links whose peer was reachable before they came up: they need no burst. */
  private readonly redundant = new WeakSet<SwitchLink>();
  private routes: RouteLink<SwitchLink>[] = [];
  private reach: Map<number, Reach>;
  private names = new Map<number, string>();
  private seq = 0;
  private readonly grace: SplitGrace;
  private readonly now: () => number;
  /** What is kept for split-pending servers (split-hold.ts). */
  private readonly hold: SplitHold<SwitchLink>;

  constructor(private readonly opts: SwitchboardOptions) {
    this.grace = new SplitGrace(opts.splitGrace?.ms ?? 0);
    // Without a grace nothing reads the time: every call gives 0.
    this.now = opts.splitGrace?.now ?? (() => 0);
    this.dedupe = new DedupeWindow(undefined, undefined, opts.splitGrace?.now);
    this.graph = new NetworkGraph(opts.own);
    this.reach = this.graph.reachable();
    this.names.set(opts.own.serverId, opts.own.name);
    this.hold = new SplitHold<SwitchLink>(
      { ownId: opts.own.serverId, grace: this.grace, now: this.now, routes: () => this.routes },
      {
        limits: opts.hold ?? DEFAULT_HOLD_LIMITS,
        onHold: (outcome) => opts.onHold?.(outcome),
        isPeer: (serverId) => opts.isPeer?.(serverId),
      },
    );
  }

  /**
   * The first table state gets: only this server. With a grace, state keeps every other server it
   * knows (this portal may be a restarted one, state's view intact) until the grace is over or
   * the links tell where they are.
   */
  announce(): void {
    this.grace.holdAll(this.now());
    this.opts.deliver(this.table(undefined));
  }

  /**
   * Ends the holds whose grace is over at this time: their splits are announced (a table without
   * them, with the reason of the link that broke). Call it at nextGraceDeadline().
   */
  expireGrace(): void {
    const { groups, holdEnded } = this.grace.expire(this.now());
    if (groups.length > 0 || holdEnded) this.hold.expired((id) => this.reach.has(id));
    if (groups.length === 0 && holdEnded) this.opts.deliver(this.table(undefined));
    // One table per reason, each still holding the groups announced after it.
    for (const [i, group] of groups.entries()) {
      this.report('announced', group);
      const later = groups.slice(i + 1).flatMap((g) => g.map((p) => p.serverId));
      this.opts.deliver(this.table(group[0]?.reason, later));
    }
  }

  /** When expireGrace() has something to do next (ms), or undefined when nothing is held. */
  nextGraceDeadline(): number | undefined {
    return this.grace.nextDeadline();
  }

  /** Stamps an event of this server (origin, epoch, next seq). */
  stamp(event: NetEvent, targets: readonly number[] | undefined): WireEvent {
    const stamp = { origin: this.opts.own.serverId, epoch: this.opts.own.epoch, seq: ++this.seq };
    return toWireEvent(event, stamp, targets, this.opts.eventAge?.clock());
  }

  /**
   * Events state made: stamped and sent towards their targets; what is for split-pending servers
   * (or, after a start, for servers not reached yet) is held for them.
   */
  fromState(items: readonly NetOutItem[]): void {
    const out: Batches<SwitchLink> = new Map();
    const own = this.opts.own.serverId;
    const scope = this.hold.scope();
    for (const item of items) {
      if (item.targets && item.targets.length === 0) continue; // nobody needs it
      const wire = this.stamp(item.event, item.targets);
      for (const link of routeLinks(this.routes, item.targets, own)) push(out, link, wire);
      if (scope) this.hold.fromState(scope, wire, item.targets, out);
    }
    for (const [link, events] of out) this.send(link, events);
  }

  /** Events from a link: delivered here if meant for us, and passed on, each only once. */
  fromLink(from: SwitchLink, events: readonly WireEvent[]): void {
    const own = this.opts.own.serverId;
    const out: Batches<SwitchLink> = new Map();
    const scope = this.hold.scope();
    const age = this.opts.eventAge;
    // One clock read per frame: its events arrived together.
    const arrived = age ? age.clock() : 0;
    for (const wire of events) {
      if (wire.origin === own) continue; // our own event came round a cycle
      if (!this.dedupe.firstSeen(wire)) continue;
      const targets = wireTargets(wire);
      // Only events for this server are read here (forwarding stays a copy of the JSON); one
      // that cannot be read is dropped, not passed on. The target's portal checks the others.
      if (isForUs(targets, own)) {
        if (age && wire.at) age.observe(Math.max(0, arrived - wire.at));
        const read = readWireEvent(wire);
        if (typeof read === 'string') {
          this.opts.onBadEvent(read, wire);
          continue;
        }
        this.opts.deliver({ type: 'event', event: read }, netInItemJson(wire));
      }
      for (const link of routeLinks(this.routes, targets, wire.origin, from)) push(out, link, wire);
      if (scope) this.hold.holdOrPass(scope, wire, targets, from, out);
    }
    for (const [link, batch] of out) this.send(link, batch);
  }

  linkUp(link: SwitchLink): void {
    this.hold.linkUp(link.peerId);
    if (this.reaches(link.peerId)) this.redundant.add(link);
    this.links.add(link);
    const own = this.ownRecordChanged();
    // The new peer learns the whole network (our new record among it); the others our new record.
    link.sendTopology(this.graph.reachableRecords().map((r) => (r.serverId === own.serverId ? own : r)));
    this.flood([own], link);
    this.recompute();
  }

  /**
   * A link ended. With `grace: false` (an operator's SQUIT, on either side) the servers it cut
   * off are split at once, whatever the split grace: the operator asked for it. That ends the
   * start-up hold too (else state would keep every server the table leaves out).
   */
  linkDown(link: SwitchLink, options: { grace?: boolean } = {}): void {
    if (!this.links.delete(link)) return;
    const behind = this.routes.find((r) => r.key === link)?.reach;
    const recent = this.hold.linkDown(link);
    this.flood([this.ownRecordChanged()], undefined);
    const grace = options.grace ?? true;
    const endsHold = !grace && this.grace.holdingAll;
    if (endsHold) this.grace.endHoldAll();
    this.recompute(grace);
    if (endsHold) this.hold.expired((id) => this.reach.has(id));
    if (behind) this.hold.heldAgain(recent, behind);
  }

  /** Link-state records from a peer: news is stored and flooded on. */
  topology(from: SwitchLink, records: readonly ServerRecord[]): void {
    const news = records.filter((r) => this.graph.learn(r));
    if (news.length === 0) return;
    this.flood(news, from);
    this.recompute();
  }

  /** Servers reachable through a link (to leave out of the burst sent on it). */
  reachableVia(link: SwitchLink): number[] {
    return [...this.graph.reachableVia(link.peerId)].sort((a, b) => a - b);
  }

  /**
   * What to burst on a link that came up, asked once the peer's first records arrived (they tell
   * what lies behind it, so the burst can leave that out). A link to a peer that was already on
   * the network gets no burst: both sides share everything through the other path, and a
   * snapshot older than live events that came round the other way could undo them (a user who
   * quit meanwhile would reappear there).
   */
  burstPlan(link: SwitchLink): BurstPlan {
    if (this.redundant.has(link)) return { send: false };
    const exclude = this.reachableVia(link);
    // The servers whose users the burst restates in full: what receivers reconcile (state's burst-reconcile).
    const servers = [...this.reach.keys()].filter((id) => !exclude.includes(id)).sort((a, b) => a - b);
    return { send: true, exclude, servers };
  }

  /** Re-sends the unchanged table so state's STATS l figures stay fresh. */
  refresh(): void {
    this.opts.deliver(this.table(undefined));
  }

  /** Whether a server is on the network as this portal sees it now. */
  reaches(serverId: number): boolean {
    return this.reach.has(serverId);
  }

  /** Servers no longer reached and held "split pending" within the grace, sorted. */
  pendingServers(): number[] {
    return this.grace.heldIds();
  }

  /** The portals between reachable servers (the map's edges). */
  edges(): [number, number][] {
    return this.graph.edges(this.reach);
  }

  get serverCount(): number {
    return this.reach.size;
  }

  private ownRecordChanged(): ServerRecord {
    return this.graph.setNeighbours([...this.links].map((l) => l.peerId));
  }

  private flood(records: ServerRecord[], except: SwitchLink | undefined): void {
    for (const link of this.links) if (link !== except) link.sendTopology(records);
  }

  /**
   * Recomputes reachability and routes; tells state when the set of servers (or their hops)
   * changed, with the split reason when servers vanished.
   */
  private recompute(allowGrace = true): void {
    const before = this.reach;
    const after = this.graph.reachable();
    const beforeRoutes = this.routes;
    this.reach = after;
    this.routes = [...this.links].map((l) => ({ key: l, peerId: l.peerId, reach: this.graph.reachableVia(l.peerId) }));
    const reason = splitReason(before, after, (id) => this.names.get(id) ?? String(id));
    for (const id of after.keys()) this.names.set(id, this.graph.record(id)?.name ?? String(id));
    this.graph.pruneUnreachable();
    const grace = this.grace.enabled && allowGrace;
    if (grace) {
      const vanished = [...before.keys()].filter((id) => !after.has(id));
      const held = this.grace.hold(vanished, reason, this.now());
      if (held.length > 0) this.report('pending', held);
      const back = this.grace.release((id) => after.has(id));
      if (back.length > 0) this.report('healed', back);
      this.hold.pendingChanged(held, back, beforeRoutes);
    }
    // What was held for servers back now goes before anything else on their links (the burst too).
    const released = this.hold.release();
    if (released) for (const [link, batch] of released) this.send(link, batch);
    if (!sameShape(before, after)) this.opts.deliver(this.table(grace ? undefined : reason));
  }

  /** Events to a link: sent, and remembered a moment in case the link dies (split-hold.ts). */
  private send(link: SwitchLink, events: WireEvent[]): void {
    link.sendEvents(events);
    this.hold.sent(link, events);
  }

  private report(outcome: GraceOutcome, splits: readonly PendingSplit[]): void {
    const names = splits.map((p) => this.names.get(p.serverId) ?? String(p.serverId));
    this.opts.onSplitGrace?.(outcome, splits, names);
  }

  /** The table for state: reachable servers, the held ones (plus `alsoHeld`) as pending. */
  private table(reason: string | undefined, alsoHeld: readonly number[] = []): ServerTable {
    const table: ServerTable = {
      type: 'servers',
      servers: this.graph.servers(this.reach),
      links: this.opts.linkSummaries(),
    };
    if (reason) table.splitReason = reason;
    const pending = [...this.grace.heldIds(), ...alsoHeld];
    if (pending.length > 0) table.pending = pending;
    if (this.grace.holdingAll) table.holdUnlisted = true;
    return table;
  }
}

function sameShape(a: Map<number, Reach>, b: Map<number, Reach>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, r] of a) {
    const o = b.get(id);
    if (!o || o.hops !== r.hops || o.parent !== r.parent) return false;
  }
  return true;
}
