import { ReceiveCursor, SentLog, type NumberedRun } from './sequencing';

/** What a state announcement (hello or info answer) means for a peer of state (gateway, portal). */
export type StateSighting =
  /** The first state this gateway hears of. */
  | 'first'
  /** The same instance as before: nothing to do. */
  | 'same'
  /** A new instance of the same history (state restarted and recovered): resume the streams. */
  | 'resumed'
  /** A state with another history: it never knew this peer's instance nor what it sent before. */
  | 'new-history';

/**
 * A peer's two numbered streams with state (sequencing.ts): what it sends (gateway events, portal
 * items; kept until state acknowledges them, sent again after a restart or a stall) and what it
 * receives (delivery ops, network changes; each taken once, in order). Pure: the adapters do the
 * I/O.
 */
export class StreamPair<TSend, TReceive> {
  private log = new SentLog<TSend>();
  private cursor = new ReceiveCursor();
  private lineage: string | undefined;
  private stateInstance: string | undefined;
  /** The highest ack state sent; it and the last number sent as they were at the previous tick. */
  private stateAck = 0;
  private ackAtLastTick = 0;
  private sentAtLastTick = 0;

  constructor(
    /** This peer process's stream instance; a new one after state lost its history. */
    public instance: string,
  ) {}

  /** Numbers items about to be sent; the envelope's fields. */
  number(items: TSend[]): { seq: number; ack: number } {
    return { seq: this.log.append(items), ack: this.cursor.last };
  }

  /** The fields of a heartbeat (an envelope without items). */
  heartbeat(): { seq: number; ack: number } {
    return { seq: this.log.lastNumber + 1, ack: this.cursor.last };
  }

  /**
   * A batch from state, numbered for `instance` from `first`, acknowledging up to `ack`: the items
   * to take now (none when it was for another instance, seen before, or past a hole: `gap` says to
   * ask for everything after the last one taken).
   */
  receive(instance: string, first: number, ack: number, items: TReceive[]): { items: TReceive[]; gap: boolean } {
    if (instance !== this.instance) return { items: [], gap: false };
    if (ack > this.stateAck) this.stateAck = ack;
    this.log.ack(ack);
    if (items.length === 0) return { items: [], gap: false };
    const verdict = this.cursor.offer(first, items.length);
    if (!verdict.take) return { items: [], gap: true };
    return { items: verdict.skip === 0 ? items : items.slice(verdict.skip), gap: false };
  }

  /** What an announcement from state (its instance and history) means; remembers it. */
  sawState(instance: string, lineage: string): StateSighting {
    const previous = { instance: this.stateInstance, lineage: this.lineage };
    this.stateInstance = instance;
    this.lineage = lineage;
    if (previous.lineage === undefined) return 'first';
    if (previous.lineage !== lineage) return 'new-history';
    return previous.instance === instance ? 'same' : 'resumed';
  }

  /** Starts both streams afresh under a new instance (after 'new-history'). */
  restart(instance: string): void {
    this.instance = instance;
    this.log = new SentLog();
    this.cursor = new ReceiveCursor();
    this.stateAck = 0;
    this.ackAtLastTick = 0;
    this.sentAtLastTick = 0;
  }

  /** What state has not acknowledged, to send again. */
  unacknowledged(): NumberedRun<TSend>[] {
    return this.log.after(0);
  }

  get unacknowledgedCount(): number {
    return this.log.unacknowledged;
  }

  /**
   * Called once a tick: true when items sent before the previous tick are still not acknowledged
   * and state's ack has not moved since then (lost on the way, or state is gone). Items sent just
   * now are given a whole tick.
   */
  stalledSinceLastTick(): boolean {
    const stalled = this.stateAck === this.ackAtLastTick && this.stateAck < this.sentAtLastTick;
    this.ackAtLastTick = this.stateAck;
    this.sentAtLastTick = this.log.lastNumber;
    return stalled;
  }

  get knownState(): { instance: string | undefined; lineage: string | undefined } {
    return { instance: this.stateInstance, lineage: this.lineage };
  }
}
