/**
 * Collects items and hands them all to `flush` once per event-loop turn (setImmediate), so many
 * small NATS publishes made during one turn become one message. No fixed timer: at light load an
 * item leaves in the same turn it arrived; under load batches grow by themselves
 * (see reference/fanout.md, lesson 3).
 */
export class TickBatcher<T> {
  private items: T[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly flush: (items: T[]) => void) {}

  add(item: T): void {
    this.items.push(item);
    this.scheduled ??= setImmediate(() => this.flushNow());
  }

  /** Items waiting for the next flush. */
  get size(): number {
    return this.items.length;
  }

  /** Flushes at once (e.g. before shutting down); does nothing when empty. */
  flushNow(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    this.flush(batch);
  }
}
