import type { StreamPair } from '@portalchat/protocol';
import type { Logger } from './logger';

export interface StreamToStateOptions<TSend> {
  /** The peer's numbered streams with state (libs/protocol stream-pair.ts). */
  stream: StreamPair<TSend, unknown>;
  /** Whether NATS has a server now: while it has none, items are only kept. */
  connected(): boolean;
  /** Publishes a run numbered from `seq` (the adapter's envelope); throws on a closed connection. */
  publishRun(seq: number, ack: number, items: TSend[]): void;
  /** Publishes an envelope without items: the heartbeat, asking for a resend when `resend`. */
  publishHeartbeat(seq: number, ack: number, resend: boolean): void;
  /** Hands over what the adapter's batcher holds (it is numbered before a resend). */
  flushPending(): void;
  logger: Logger;
  /**
   * The most ticks a stall waits before everything goes again (default DEFAULT_MAX_STALL_TICKS;
   * 1: every stalled tick). Above 1, the wait doubles after each resend of one stall, up to this.
   */
  maxStallTicks?: number;
}

/**
 * A busy state (a queue of batches longer than a tick, a snapshot, a long turn) holds its ack still
 * without having lost anything: resending the whole backlog every tick then only lengthens the
 * queue it is stuck behind, and each copy makes state send its own backlog again too (a collapse,
 * seen in the private-message benches of both the gateway and the portal). So the wait between
 * resends of one stall doubles up to this many ticks; a state restart or a NATS reconnect still
 * gets everything at once (resume), and what NATS really lost goes again within a few ticks.
 */
export const DEFAULT_MAX_STALL_TICKS = 4;

/**
 * The sending half of a peer of state (gateway, portal): numbers what goes to state, keeps it
 * until acknowledged, sends it again after a state restart, a NATS reconnect or a stall, and
 * beats once a tick. The adapters own the envelopes and the timers; this owns the rules.
 */
export class StreamToState<TSend> {
  /** Stalled ticks since the ack last moved or everything last went again. */
  private stalledTicks = 0;
  /** How many stalled ticks the next resend waits for (doubles up to maxStallTicks). */
  private resendAfter = 1;
  /** Ticks in a row without a stall: the wait goes back to one tick only after maxStallTicks of them. */
  private calmTicks = 0;

  constructor(private readonly opts: StreamToStateOptions<TSend>) {}

  /** Numbers `items` and publishes them; while NATS is down they are only kept. */
  send(items: TSend[]): void {
    const { seq, ack } = this.opts.stream.number(items);
    if (this.opts.connected()) this.publish(seq, ack, items);
  }

  /** Sends again everything state has not acknowledged, and asks for everything after our ack. */
  resume(): void {
    this.sendUnacknowledged();
    this.heartbeat(true);
  }

  private sendUnacknowledged(): void {
    this.opts.flushPending();
    const ack = this.opts.stream.heartbeat().ack;
    for (const run of this.opts.stream.unacknowledged()) this.publish(run.first, ack, run.items);
  }

  heartbeat(resend: boolean): void {
    if (!this.opts.connected()) return;
    const { seq, ack } = this.opts.stream.heartbeat();
    try {
      this.opts.publishHeartbeat(seq, ack, resend);
    } catch (err) {
      this.opts.logger.error({ err }, 'could not publish a heartbeat to state');
    }
  }

  /**
   * Once a tick: a heartbeat, or everything not acknowledged again when state has not acknowledged
   * for a tick (or, after a resend of a stall, for `resendAfter` ticks). A state that is slow
   * rather than short of items stalls again and again with a little progress between (#15: a
   * collapsing bench logged a resend of 4,000-25,000 items every few seconds per peer, each after
   * one tick): the longer wait holds until the stalls have stopped for maxStallTicks ticks.
   */
  tick(): void {
    try {
      const max = this.opts.maxStallTicks ?? DEFAULT_MAX_STALL_TICKS;
      if (!this.opts.stream.stalledSinceLastTick()) {
        this.stalledTicks = 0;
        if (++this.calmTicks >= max) this.resendAfter = 1;
        this.heartbeat(false);
        return;
      }
      this.calmTicks = 0;
      this.stalledTicks++;
      if (this.stalledTicks < this.resendAfter) {
        this.heartbeat(false);
        return;
      }
      this.opts.logger.warn(
        { unacknowledged: this.opts.stream.unacknowledgedCount, waitedTicks: this.stalledTicks },
        'state has not acknowledged for a while: sending again',
      );
      this.stalledTicks = 0;
      this.resendAfter = Math.min(this.resendAfter * 2, max);
      // Only ours: asking state for its backlog too would make a busy state send all of it again
      // as well. What state sent that we lost shows as a gap in its next batch, or to state as our
      // heartbeat's ack not moving; either way it goes again (state's own stall check).
      this.sendUnacknowledged();
      this.heartbeat(false);
    } catch (err) {
      this.opts.logger.error({ err }, 'the heartbeat tick failed');
    }
  }

  private publish(seq: number, ack: number, items: TSend[]): void {
    try {
      this.opts.publishRun(seq, ack, items);
    } catch (err) {
      // A closed connection (shutdown): what was not sent is lost with it.
      this.opts.logger.error({ err, items: items.length }, 'could not publish to state');
    }
  }
}
