/**
 * The portal's only NATS adapter: everything that touches the raw client lives here.
 *
 *   subscribe subjects.portalOut(sid)           NetOutBatch from state: local changes for the network
 *   publish   subjects.portalIn(sid)            NetInBatch to state, one per event-loop turn (split at max_payload)
 *   publish   subjects.stateBurst(sid)          BurstRequest; the chunks come on subjects.burstReply(sid, id)
 *   subscribe subjects.stateHello(sid)          StateHello: a new state instance knows nothing of the network
 *
 * Every callback catches and logs: an exception escaping one would reach the NATS client's parser.
 */
import { randomBytes } from 'node:crypto';
import {
  PROTOCOL_VERSION,
  subjects,
  type NetEvent,
  type NetInBatch,
  type NetInItem,
  type NetOutItem,
  type Subject,
} from '@portalchat/protocol';
import {
  TickBatcher,
  isNatsConnected,
  publishBatch,
  publishEnvelope,
  subscribeEnvelopes,
  type Logger,
  type NatsConnection,
} from '@portalchat/service';

export interface PortalNatsAdapterHandlers {
  /** Changes made on this server, in the order state made them. */
  onOut(items: NetOutItem[]): void;
  /**
   * A state instance announced itself that is not the one last heard of (`previous`; undefined
   * when none was heard yet: the state usually starts before the portal subscribes).
   */
  onStateInstance(instance: string, previous: string | undefined): void;
}

export interface PortalNatsAdapterOptions {
  nc: NatsConnection;
  serverId: number;
  logger: Logger;
  handlers: PortalNatsAdapterHandlers;
}

export class BurstTimeoutError extends Error {
  constructor(ms: number, chunks: number) {
    super(`state sent no complete burst within ${ms} ms (${chunks} chunks came)`);
    this.name = 'BurstTimeoutError';
  }
}

export class PortalNatsAdapter {
  private readonly batcher: TickBatcher<NetInItem>;
  private readonly subscriptions: { unsubscribe(): void }[] = [];
  private readonly inSubject: Subject<NetInBatch>;
  private stateInstance: string | undefined;

  constructor(private readonly opts: PortalNatsAdapterOptions) {
    this.inSubject = subjects.portalIn(opts.serverId);
    this.batcher = new TickBatcher((items) => this.publish(items));
  }

  start(): void {
    const { nc, serverId, logger } = this.opts;
    this.subscriptions.push(
      subscribeEnvelopes(nc, subjects.portalOut(serverId), logger, (batch) => this.opts.handlers.onOut(batch.items)),
      subscribeEnvelopes(nc, subjects.stateHello(serverId), logger, (hello) => {
        const previous = this.stateInstance;
        this.stateInstance = hello.instance;
        if (previous !== hello.instance) this.opts.handlers.onStateInstance(hello.instance, previous);
      }),
    );
  }

  /** Queues items for state; all items of one turn leave together, in order. */
  deliver(item: NetInItem): void {
    this.batcher.add(item);
  }

  /**
   * Asks state for its view of the network without `excludeServers`; `onChunk` gets each chunk's
   * events in order. Resolves with the number of events once the last chunk came; rejects with
   * BurstTimeoutError if state does not finish within `timeoutMs`.
   */
  requestBurst(excludeServers: number[], onChunk: (events: NetEvent[]) => void, timeoutMs = 30_000): Promise<number> {
    const { nc, serverId, logger } = this.opts;
    const replyTo = subjects.burstReply(serverId, randomBytes(8).toString('hex'));
    return new Promise<number>((resolve, reject) => {
      let count = 0;
      let chunks = 0;
      const sub = subscribeEnvelopes(nc, replyTo, logger, (chunk) => {
        chunks++;
        count += chunk.events.length;
        try {
          onChunk(chunk.events);
        } catch (chunkErr) {
          logger.error({ err: chunkErr }, 'sending a burst chunk failed');
        }
        if (chunk.last) finish(() => resolve(count));
      });
      const timer = setTimeout(() => finish(() => reject(new BurstTimeoutError(timeoutMs, chunks))), timeoutMs);
      timer.unref();
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        sub.unsubscribe();
        settle();
      };
      try {
        // Events already handed to state must reach it before the request, or the burst misses them.
        this.batcher.flushNow();
        publishEnvelope(nc, subjects.stateBurst(serverId), {
          v: PROTOCOL_VERSION,
          replyTo: replyTo.name,
          excludeServers,
        });
      } catch (err) {
        finish(() => reject(err instanceof Error ? err : new Error('requesting a burst failed', { cause: err })));
      }
    });
  }

  connected(): boolean {
    return isNatsConnected(this.opts.nc);
  }

  async stop(): Promise<void> {
    this.batcher.flushNow();
    for (const sub of this.subscriptions.splice(0)) sub.unsubscribe();
    if (!this.opts.nc.isClosed()) await this.opts.nc.flush().catch(() => {});
  }

  private publish(items: NetInItem[]): void {
    try {
      publishBatch(this.opts.nc, this.inSubject, {}, 'items', items);
    } catch (err) {
      this.opts.logger.error({ err, items: items.length }, 'could not publish to state');
    }
  }
}
