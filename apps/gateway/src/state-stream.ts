import {
  ReceiveCursor,
  SentLog,
  type DeliveryBatch,
  type GatewayEvent,
  type NumberedRun,
  type StateOp,
} from '@portalchat/protocol';

/** What a state announcement (hello or info answer) means for this gateway's clients. */
export type StateSighting =
  /** The first state this gateway hears of. */
  | 'first'
  /** The same instance as before: nothing to do. */
  | 'same'
  /** A new instance of the same history (state restarted and recovered): resume the streams. */
  | 'resumed'
  /** A state with another history: it never knew these clients (they must go) nor this instance. */
  | 'new-history';

/**
 * The gateway's two numbered streams with state (libs/protocol sequencing.ts): the events it sends
 * (kept until state acknowledges them, sent again after a restart or a stall) and the ops it
 * receives (each applied once, in order). Pure: the adapter does the I/O.
 */
export class StateStream {
  private log = new SentLog<GatewayEvent>();
  private cursor = new ReceiveCursor();
  private lineage: string | undefined;
  private stateInstance: string | undefined;
  /** The highest ack state sent, and its value at the previous tick (stall detection). */
  private stateAck = 0;
  private ackAtLastTick = 0;

  constructor(
    /** This gateway process's stream instance; a new one after state lost its history. */
    public instance: string,
  ) {}

  /** Numbers events about to be sent; the envelope's fields. */
  number(events: GatewayEvent[]): { seq: number; ack: number } {
    return { seq: this.log.append(events), ack: this.cursor.last };
  }

  /** The fields of a heartbeat (an envelope without events). */
  heartbeat(): { seq: number; ack: number } {
    return { seq: this.log.lastNumber + 1, ack: this.cursor.last };
  }

  /**
   * A delivery from state: the ops to apply now (none when the batch was for another instance, seen
   * before, or past a hole: `gap` says to ask for everything after the last op applied).
   */
  receive(batch: DeliveryBatch): { ops: StateOp[]; gap: boolean } {
    if (batch.gi !== this.instance) return { ops: [], gap: false };
    if (batch.ack > this.stateAck) this.stateAck = batch.ack;
    this.log.ack(batch.ack);
    if (batch.ops.length === 0) return { ops: [], gap: false };
    const verdict = this.cursor.offer(batch.first, batch.ops.length);
    if (!verdict.take) return { ops: [], gap: true };
    return { ops: verdict.skip === 0 ? batch.ops : batch.ops.slice(verdict.skip), gap: false };
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
  }

  /** The events state has not acknowledged, to send again. */
  unacknowledged(): NumberedRun<GatewayEvent>[] {
    return this.log.after(0);
  }

  get unacknowledgedCount(): number {
    return this.log.unacknowledged;
  }

  /** Called once a tick: true when events wait and state's ack has not moved since the last tick. */
  stalledSinceLastTick(): boolean {
    const stalled = this.log.unacknowledged > 0 && this.stateAck === this.ackAtLastTick;
    this.ackAtLastTick = this.stateAck;
    return stalled;
  }

  get knownState(): { instance: string | undefined; lineage: string | undefined } {
    return { instance: this.stateInstance, lineage: this.lineage };
  }
}
