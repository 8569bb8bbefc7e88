/**
 * Servers this portal no longer reaches, held as "split pending" for a grace period before their
 * split is announced (issue 11): a portal restart or a short outage then shows no netsplit. Pure
 * bookkeeping; the caller says what time it is and arms a timer for nextDeadline().
 */
export interface PendingSplit {
  serverId: number;
  /** `<near> <far>` of the link that broke: the QUIT reason if the split is announced. */
  reason: string | undefined;
  since: number;
  deadline: number;
}

/** What the grace decided for some servers: held, back in time, or gone for good. */
export type GraceOutcome = 'pending' | 'healed' | 'announced';

export class SplitGrace {
  private readonly pending = new Map<number, PendingSplit>();
  /** A portal that just started holds every server state may know until then (holdUnlisted). */
  private holdUntil: number | undefined;

  constructor(readonly graceMs: number) {}

  get enabled(): boolean {
    return this.graceMs > 0;
  }

  /** The portal starts: it cannot tell yet which servers state holds, so it holds all of them. */
  holdAll(now: number): void {
    if (this.enabled) this.holdUntil = now + this.graceMs;
  }

  /** Ends the start-up hold now (an operator's SQUIT: the network's shape is what it says). */
  endHoldAll(): void {
    this.holdUntil = undefined;
  }

  get holdingAll(): boolean {
    return this.holdUntil !== undefined;
  }

  /** Whether anything is held: a server pending, or the start-up hold. */
  get holding(): boolean {
    return this.pending.size > 0 || this.holdUntil !== undefined;
  }

  /** Servers that vanished: each is held until `now + grace` (one already held keeps its deadline). */
  hold(serverIds: readonly number[], reason: string | undefined, now: number): PendingSplit[] {
    const added: PendingSplit[] = [];
    for (const serverId of serverIds) {
      if (this.pending.has(serverId)) continue;
      const entry = { serverId, reason, since: now, deadline: now + this.graceMs };
      this.pending.set(serverId, entry);
      added.push(entry);
    }
    return added;
  }

  /** Servers reachable again: those that were held are released, their split never shown. */
  release(reachable: (serverId: number) => boolean): PendingSplit[] {
    const back = [...this.pending.values()].filter((p) => reachable(p.serverId));
    for (const p of back) this.pending.delete(p.serverId);
    return back;
  }

  /**
   * Holds whose grace is over at `now`, grouped by split reason (one table each), and whether the
   * start-up hold just ended. What is returned is no longer held.
   */
  expire(now: number): { groups: PendingSplit[][]; holdEnded: boolean } {
    const due = [...this.pending.values()].filter((p) => p.deadline <= now);
    for (const p of due) this.pending.delete(p.serverId);
    const byReason = new Map<string | undefined, PendingSplit[]>();
    for (const p of due) byReason.set(p.reason, [...(byReason.get(p.reason) ?? []), p]);
    const holdEnded = this.holdUntil !== undefined && this.holdUntil <= now;
    if (holdEnded) this.holdUntil = undefined;
    return { groups: [...byReason.values()], holdEnded };
  }

  /** When the next hold ends, or undefined when nothing is held. */
  nextDeadline(): number | undefined {
    let next = this.holdUntil;
    for (const p of this.pending.values()) if (next === undefined || p.deadline < next) next = p.deadline;
    return next;
  }

  /** The held servers, sorted (ServerTable.pending). */
  heldIds(): number[] {
    return [...this.pending.keys()].sort((a, b) => a - b);
  }

  isHeld(serverId: number): boolean {
    return this.pending.has(serverId);
  }
}
