import { push, type Batches } from './batches';
import { HoldBuffer, type HoldLimits } from './hold-buffer';
import { routeLinks, type RouteLink } from './routing';
import type { PendingSplit, SplitGrace } from './split-grace';
import { wireTargets, type WireEvent } from './wire-event';

/**
 * What became of events held for split-pending servers: sent once their server was back
 * (`released`), dropped as the oldest past the bounds (`overflow`; `first` once per hold, to log
 * once), or dropped because their server's split was announced (`split`).
 */
export type HoldOutcome =
  | { outcome: 'released'; events: number }
  | { outcome: 'overflow'; events: number; first: boolean }
  | { outcome: 'split'; events: number };

/** Bounds of the hold when the options give none. */
export const DEFAULT_HOLD_LIMITS: HoldLimits = { maxEvents: 100_000, maxBytes: 32 * 1024 * 1024 };

/**
 * What a link was given in its last moments is sent again to the servers behind it when it dies
 * within a grace: the portal at its other end may have died with it unread (a kill -9), and under
 * load what was "given" may have waited in the gRPC stream's buffer for a second or two. Only
 * messages, which state drops by msgid when it had them already (it remembers the last 4,096: the
 * count bound keeps a resend within that); the rest a burst restates.
 */
const RESEND_WINDOW_MS = 3000;
const RESEND_MAX_EVENTS = 2000;
const RESENDABLE = new Set(['message', 'wallops', 'whisper', 'data']);

/** What the hold reads of the switchboard around it. */
export interface SplitHoldHost<L> {
  readonly ownId: number;
  readonly grace: SplitGrace;
  now(): number;
  /** The links that are up, each with what it reaches. */
  routes(): readonly RouteLink<L>[];
}

export interface SplitHoldOptions {
  limits: HoldLimits;
  onHold?(outcome: HoldOutcome): void;
  /** Whether a server is a direct peer (HoldBuffer.release); undefined: the peers of the links seen so far. */
  isPeer?(serverId: number): boolean | undefined;
}

/** Which servers events are held for in one call: the pending ones, and unknown ones after a start. */
export interface HoldScope {
  pending: number[];
  /** The portal has just started: servers it does not reach yet may be ones state knows. */
  unknown: boolean;
  /** The servers some link leads to now (a link just up may not lead anywhere yet). */
  routable: ReadonlySet<number>;
}

/** The batches a link was given lately, oldest first, and how many events they hold. */
interface Recent {
  batches: { at: number; events: readonly WireEvent[] }[];
  events: number;
}

/**
 * The switchboard's part for issue 11's "nothing lost across a portal restart": what cannot be
 * routed to split-pending servers (or, after a start, to servers not reached yet) is held and sent
 * in order when they are back, before the burst on their link; events for a pending server that
 * was reached through a link still up go down that link, so the portal next to the break holds
 * them all in one queue; what a dying link was given last is held again.
 */
export class SplitHold<L> {
  private readonly held: HoldBuffer;
  readonly enabled: boolean;
  /** Split-pending servers that were reached through a link still up (the portal there holds for them). */
  private readonly pendingVia = new Map<number, L>();
  /** Peers of every link that came up (isPeer's default). */
  private readonly seenPeers = new Set<number>();
  /** Per link, the batches given to it lately (with a grace only), to hold again if it dies. */
  private readonly recentlySent = new Map<L, Recent>();

  constructor(
    private readonly host: SplitHoldHost<L>,
    private readonly opts: SplitHoldOptions,
  ) {
    this.held = new HoldBuffer(opts.limits);
    this.enabled = opts.limits.maxEvents > 0 && opts.limits.maxBytes > 0;
  }

  /** What to hold for in this call, or undefined when nothing is held (the usual case: one check a batch). */
  scope(): HoldScope | undefined {
    const { grace } = this.host;
    if (!this.enabled || !grace.holding) return undefined;
    return { pending: grace.heldIds(), unknown: grace.holdingAll, routable: this.routable() };
  }

  /** An event of this server's state, routed already where it can go: held (or passed on) for the rest. */
  fromState(scope: HoldScope, wire: WireEvent, targets: readonly number[] | undefined, out: Batches<L>): void {
    // For every server, after a start: each server that appears later gets it too.
    if (!targets && scope.unknown) this.count(this.held.addForAll(wire, scope.routable));
    else this.holdOrPass(scope, wire, targets, undefined, out);
  }

  /**
   * An event routed already where it can go: for each split-pending server it is for, it goes to
   * the link that reached that server (the portal there holds it) or is held here; after a start,
   * it is held too for targets not reached yet.
   */
  holdOrPass(
    scope: HoldScope,
    wire: WireEvent,
    targets: readonly number[] | undefined,
    from: L | undefined,
    out: Batches<L>,
  ): void {
    const owed: number[] = [];
    for (const id of scope.pending) {
      if (id === wire.origin || (targets && !targets.includes(id))) continue;
      const via = this.pendingVia.get(id);
      if (via !== undefined && via !== from && this.isUp(via)) {
        if (out.get(via)?.at(-1) !== wire) push(out, via, wire);
      } else owed.push(id);
    }
    if (targets && scope.unknown) {
      const own = this.host.ownId;
      for (const t of targets) {
        if (t !== own && t !== wire.origin && !scope.routable.has(t) && !scope.pending.includes(t)) owed.push(t);
      }
    }
    this.count(this.held.add(wire, owed));
  }

  /** Events were given to a link: remembered for a moment (with a grace and a hold only). */
  sent(link: L, events: readonly WireEvent[]): void {
    if (!this.enabled || !this.host.grace.enabled) return;
    const now = this.host.now();
    let recent = this.recentlySent.get(link);
    if (!recent) {
      recent = { batches: [], events: 0 };
      this.recentlySent.set(link, recent);
    }
    recent.batches.push({ at: now, events });
    recent.events += events.length;
    // Older than the window, or past the count (the newest batch always stays).
    let old = 0;
    for (const batch of recent.batches) {
      if (old === recent.batches.length - 1) break;
      if (batch.at >= now - RESEND_WINDOW_MS && recent.events <= RESEND_MAX_EVENTS) break;
      recent.events -= batch.events.length;
      old++;
    }
    if (old > 0) recent.batches.splice(0, old);
  }

  linkUp(peerId: number): void {
    this.seenPeers.add(peerId);
  }

  /** A link died: what it was given lately, for heldAgain() once the split is pending. */
  linkDown(link: L): Recent {
    const recent = this.recentlySent.get(link) ?? { batches: [], events: 0 };
    this.recentlySent.delete(link);
    return recent;
  }

  /**
   * The messages a dead link was given in its last moments, held again for the servers behind it
   * that are now split pending (its far end may have died with them unread).
   */
  heldAgain(recent: Recent, behind: ReadonlySet<number>): void {
    const scope = this.scope();
    if (!scope) return;
    const lost = scope.pending.filter((id) => behind.has(id));
    if (lost.length === 0) return;
    const since = this.host.now() - RESEND_WINDOW_MS;
    for (const { at, events } of recent.batches) {
      if (at < since) continue;
      for (const wire of events) {
        const owed = lost.filter(
          (id) => id !== wire.origin && (wire.targets.length === 0 || wire.targets.includes(id)),
        );
        if (owed.length > 0 && isResendable(wire)) this.count(this.held.add(wire, owed));
      }
    }
  }

  /** Servers became split pending (remember the link still up that reached them) or came back. */
  pendingChanged(held: readonly PendingSplit[], back: readonly PendingSplit[], before: readonly RouteLink<L>[]): void {
    for (const { serverId } of held) {
      const via = before.find((r) => r.reach.has(serverId) && this.isUp(r.key));
      if (via) this.pendingVia.set(serverId, via.key);
    }
    for (const { serverId } of back) this.pendingVia.delete(serverId);
  }

  /** Held events whose servers are reachable now: to send, per link, in the order they came. */
  release(): Batches<L> | undefined {
    if (this.held.size === 0) return undefined;
    const isPeer = (id: number) => this.opts.isPeer?.(id) ?? this.seenPeers.has(id);
    const events = this.held.release([...this.routable()], isPeer);
    if (events.length === 0) return undefined;
    const out: Batches<L> = new Map();
    const routes = this.host.routes();
    for (const wire of events) {
      for (const link of routeLinks(routes, wireTargets(wire), wire.origin)) push(out, link, wire);
    }
    this.opts.onHold?.({ outcome: 'released', events: events.length });
    return out;
  }

  /** Grace deadlines passed: what was held for servers no longer held (announced, or never heard of after a start) goes. */
  expired(reachable: (serverId: number) => boolean): void {
    const { grace } = this.host;
    if (this.held.size > 0) {
      const dropped = this.held.forget((id) => !grace.isHeld(id) && !reachable(id), !grace.holdingAll);
      if (dropped > 0) this.opts.onHold?.({ outcome: 'split', events: dropped });
    }
    for (const id of [...this.pendingVia.keys()]) if (!grace.isHeld(id)) this.pendingVia.delete(id);
  }

  private isUp(link: L): boolean {
    return this.host.routes().some((r) => r.key === link);
  }

  private routable(): Set<number> {
    const ids = new Set<number>();
    for (const route of this.host.routes()) for (const id of route.reach) ids.add(id);
    return ids;
  }

  private count({ dropped, firstOverflow }: { dropped: number; firstOverflow: boolean }): void {
    if (dropped > 0) this.opts.onHold?.({ outcome: 'overflow', events: dropped, first: firstOverflow });
  }
}

/** A message-like event (state drops a repeat by its msgid): safe to send again. */
function isResendable(wire: WireEvent): boolean {
  try {
    const event = JSON.parse(wire.json) as { type?: unknown; msgid?: unknown };
    return typeof event.type === 'string' && RESENDABLE.has(event.type) && typeof event.msgid === 'string';
  } catch {
    return false;
  }
}
