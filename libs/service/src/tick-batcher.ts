/**
 * Collects items and hands them all to `flush` once per event-loop turn (setImmediate), so many
 * small NATS publishes made during one turn become one message. No fixed timer: at light load an
 * item leaves in the same turn it arrived, so nothing waits; under load more items arrive per
 * turn, so batches grow by themselves and the fixed cost of a publish is paid once per batch
 * rather than once per item.
 */
export class TickBatcher<T> {
  private items: T[] = [];
  private scheduled: NodeJS.Immediate | NodeJS.Timeout | undefined;
  private lastFlushAt = -Infinity;
  private lastStartAt = -Infinity;
  /** Moving average of the time between batch starts (ms). */
  private startGap = Infinity;

  /**
   * With `pacing`, a batcher whose batches start closer together than `busyBelowMs` on average
   * (thousands of tiny batches a second: a storm of connections each sending a line or two) waits
   * until `minGapMs` after the previous flush instead of the next turn. Each flush is a socket
   * write, and the batches then grow instead of the writes multiplying. Traffic slower than that
   * (a chat fan-out at a thousand messages a second) is never delayed.
   */
  constructor(
    private readonly flush: (items: T[]) => void,
    private readonly pacing?: { busyBelowMs: number; minGapMs: number },
    private readonly clock: () => number = () => performance.now(),
  ) {}

  add(item: T): void {
    this.items.push(item);
    if (this.scheduled) return;
    const now = this.clock();
    const wait = this.pacing ? this.pacedWait(now, this.pacing) : 0;
    // Timers count whole milliseconds (Node turns anything under 1 ms into 1 ms anyway).
    this.scheduled =
      wait > 0 ? setTimeout(() => this.flushNow(), Math.ceil(wait)) : setImmediate(() => this.flushNow());
  }

  private pacedWait(now: number, pacing: { busyBelowMs: number; minGapMs: number }): number {
    // A gap counts for at most 10 ms, so one quiet second does not hide the next storm for long.
    const gap = Math.min(now - this.lastStartAt, 10);
    this.startGap = this.startGap === Infinity ? gap : this.startGap * 0.9 + gap * 0.1;
    this.lastStartAt = now;
    if (this.startGap >= pacing.busyBelowMs) return 0;
    return this.lastFlushAt + pacing.minGapMs - now;
  }

  /** Items waiting for the next flush. */
  get size(): number {
    return this.items.length;
  }

  /** Flushes at once (e.g. before shutting down); does nothing when empty. */
  flushNow(): void {
    if (this.scheduled) {
      clearTimeout(this.scheduled as NodeJS.Timeout);
      clearImmediate(this.scheduled as NodeJS.Immediate);
    }
    this.scheduled = undefined;
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    this.lastFlushAt = this.clock();
    this.flush(batch);
  }
}
