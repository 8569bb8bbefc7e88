/** config.flood: how fast one client may send lines. */
export interface FloodLimits {
  /** Lines a client may send at once before it is slowed. */
  burst: number;
  /** Sustained lines per second after the burst. */
  linesPerSecond: number;
  /** Lines held back for a slowed client before it is disconnected ("Excess Flood"). */
  maxQueuedLines: number;
}

/** offer() returns this when the client held back more than maxQueuedLines. */
export const EXCESS_FLOOD = 'Excess Flood' as const;

/**
 * Flood control for one connection: a token bucket (ergo's "fakelag", InspIRCd's penalty
 * system do the same in spirit). A client starts with `burst` tokens, each line costs one, and
 * tokens come back at `linesPerSecond`. Lines without a token are held back and released at the
 * rate, in order; holding more than `maxQueuedLines` means the client floods on purpose.
 *
 * Pure: time comes from the injected clock (milliseconds). Generic so that oversized-line markers
 * queue in order with the lines around them.
 */
export class FloodControl<T> {
  private tokens: number;
  private refilledAt: number;
  private readonly held: T[] = [];
  private exemptFromFlood = false;
  /**
   * IRCX channel LAG (state's LagOp): items `isPaced` accepts leave at least this many ms apart,
   * the others in order behind them. 0: no spacing.
   */
  lagMs = 0;
  private pacedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly limits: FloodLimits,
    private readonly clock: () => number,
    private readonly isPaced: (item: T) => boolean = () => false,
  ) {
    this.tokens = limits.burst;
    this.refilledAt = clock();
  }

  /** IRC operators are exempt: everything held is released at once by the next call. */
  set exempt(value: boolean) {
    this.exemptFromFlood = value;
  }

  get exempt(): boolean {
    return this.exemptFromFlood;
  }

  /** Items waiting for a token. */
  get heldCount(): number {
    return this.held.length;
  }

  /**
   * A line arrived: returns what may be handled now (in order; possibly earlier held lines and
   * not this one), or EXCESS_FLOOD when the client must be disconnected.
   */
  offer(item: T): T[] | typeof EXCESS_FLOOD {
    if (this.exemptFromFlood && this.held.length === 0) return [item];
    this.held.push(item);
    const released = this.release();
    if (this.held.length > this.limits.maxQueuedLines) return EXCESS_FLOOD;
    return released;
  }

  /** Held lines whose token has come; the gateway calls this periodically for slowed clients. */
  release(): T[] {
    if (this.held.length === 0) return [];
    if (this.exemptFromFlood) return this.held.splice(0);
    this.refill();
    let n = Math.min(Math.floor(this.tokens), this.held.length);
    if (this.lagMs > 0) n = this.pacedCount(n);
    this.tokens -= n;
    return this.held.splice(0, n);
  }

  /** How many of the first `n` held items may leave now under LAG; marks when a paced one does. */
  private pacedCount(n: number): number {
    const now = this.clock();
    for (let i = 0; i < n; i++) {
      const item = this.held[i];
      if (item === undefined || !this.isPaced(item)) continue;
      if (now < this.pacedAt + this.lagMs) return i;
      this.pacedAt = now;
    }
    return n;
  }

  private refill(): void {
    const now = this.clock();
    const elapsed = Math.max(0, now - this.refilledAt);
    this.refilledAt = now;
    this.tokens = Math.min(this.limits.burst, this.tokens + (elapsed * this.limits.linesPerSecond) / 1000);
  }
}
