/**
 * The portal's only NATS adapter: everything that touches the raw client lives here.
 *
 *   subscribe subjects.portalOut(sid)           NetOutBatch from state: numbered local changes for the network
 *   publish   subjects.portalIn(sid)            NetInBatch to state: numbered items, one per event-loop turn
 *                                               (split at max_payload), and a heartbeat once a second
 *   publish   subjects.stateBurst(sid)          BurstRequest; the chunks come on subjects.burstReply(sid, id)
 *   subscribe subjects.stateHello(sid)          StateHello: a state instance started (recovered, or empty)
 *   publish   subjects.portalMap(sid)           PortalMapReport for the gateways' /map: once a second and on changes
 *
 * Both streams are numbered and acknowledged (StreamPair, libs/protocol), as the gateway's are:
 * what the links delivered stays kept until state has journaled it and goes again after a state
 * restart, a NATS reconnect or a stall, so nothing from the network is lost on the way to state.
 *
 * Every callback catches and logs: an exception escaping one would reach the NATS client's parser.
 */
import { randomBytes } from 'node:crypto';
import {
  PROTOCOL_VERSION,
  StreamPair,
  subjects,
  type NetEvent,
  type NetInBatch,
  type NetInItem,
  type NetOutBatch,
  type NetOutItem,
  type PortalMapReport,
  type Subject,
} from '@portalchat/protocol';
import {
  StateInfoPoller,
  StreamToState,
  TickBatcher,
  isNatsConnected,
  onNatsReconnect,
  publishEnvelope,
  publishNumbered,
  subscribeEnvelopes,
  type Logger,
  type NatsConnection,
} from '@portalchat/service';

export interface PortalNatsAdapterHandlers {
  /** Changes made on this server, in the order state made them. */
  onOut(items: NetOutItem[]): void;
  /**
   * A state with another history than the one last heard of announced itself: it started empty
   * and knows nothing of the network. (A state that restarted and recovered its history is no
   * news: the streams resume, and the links stay as they are.)
   */
  onStateInstance(instance: string, previous: string | undefined): void;
  /** State showed a sign of life: a delivery, a hello, an answer to the info poll. */
  onStateHeard(): void;
}

export interface PortalNatsAdapterOptions {
  nc: NatsConnection;
  serverId: number;
  logger: Logger;
  handlers: PortalNatsAdapterHandlers;
  /** How often the heartbeat goes (ms). */
  heartbeatMs?: number;
  /** How often state is asked for its info when nothing else was heard of it (ms). */
  infoPollMs?: number;
}

// See the gateway's adapter: state declares nothing about a silent portal, but the heartbeat
// carries the acknowledgement and lets state see a stall.
const DEFAULT_HEARTBEAT_MS = 1000;
// State answers a heartbeat only when its ack moved; on a quiet host the info poll is what shows
// that state is still there (StateWatch in app.ts).
const DEFAULT_INFO_POLL_MS = 1000;
/** How long one info request waits for state. */
const INFO_TIMEOUT_MS = 1000;

/**
 * The JSON of an item made before it was queued (an event from a peer: its wire JSON with the
 * stamp added), kept on the item as long as the stream keeps it, so it is not encoded again. A
 * symbol key: JSON.stringify leaves it out. (A WeakMap beside the items cost 0.8 s of a bench
 * run's portal CPU in its inserts alone.)
 */
const ITEM_JSON = Symbol('item JSON');
type QueuedItem = NetInItem & { [ITEM_JSON]?: string };

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
  private readonly stream = new StreamPair<NetInItem, NetOutItem>(randomBytes(6).toString('hex'));
  private readonly sender: StreamToState<NetInItem>;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private infoTimer: NodeJS.Timeout | undefined;
  private readonly infoPoller: StateInfoPoller;
  private stopReconnectListener: (() => void) | undefined;

  constructor(private readonly opts: PortalNatsAdapterOptions) {
    this.inSubject = subjects.portalIn(opts.serverId);
    this.batcher = new TickBatcher((items) => this.sender.send(items));
    const { nc } = opts;
    this.infoPoller = new StateInfoPoller({
      nc,
      serverId: opts.serverId,
      logger: opts.logger,
      timeoutMs: INFO_TIMEOUT_MS,
      connected: () => this.connected(),
      onInfo: (info) => {
        this.opts.handlers.onStateHeard();
        // The first answer says which history state carries: a later hello then tells a recovered
        // state (the links stay) from one that started empty (they relink).
        if (this.stream.knownState.instance === undefined) this.stream.sawState(info.instance, info.lineage);
      },
    });
    this.sender = new StreamToState({
      stream: this.stream,
      connected: () => this.connected(),
      logger: opts.logger,
      flushPending: () => this.batcher.flushNow(),
      publishRun: (seq, ack, items) =>
        publishNumbered(nc, this.inSubject, { pi: this.stream.instance, ack }, 'seq', seq, 'items', items, (item) =>
          this.encodeItem(item),
        ),
      publishHeartbeat: (seq, ack, resend) =>
        publishEnvelope(nc, this.inSubject, {
          v: PROTOCOL_VERSION,
          pi: this.stream.instance,
          seq,
          ack,
          ...(resend ? { resend } : {}),
          items: [],
        }),
    });
  }

  start(): void {
    const { nc, serverId, logger } = this.opts;
    this.subscriptions.push(
      subscribeEnvelopes(nc, subjects.portalOut(serverId), logger, (batch) => this.onOut(batch)),
      subscribeEnvelopes(nc, subjects.stateHello(serverId), logger, (hello) => {
        this.opts.handlers.onStateHeard();
        const previous = this.stream.knownState.instance;
        const sighting = this.stream.sawState(hello.instance, hello.lineage);
        if (sighting === 'resumed') {
          logger.info({ instance: hello.instance }, 'state restarted and recovered: resuming');
          this.sender.resume();
        } else if (sighting === 'same') {
          // Its NATS connection came back, maybe after ours: what we sent again on our reconnect
          // may have found nobody listening.
          this.sender.resume();
        } else if (sighting === 'new-history' || (sighting === 'first' && previous === undefined)) {
          this.startAfresh(sighting);
          this.opts.handlers.onStateInstance(hello.instance, previous);
        }
      }),
    );
    this.stopReconnectListener = onNatsReconnect(nc, () => this.sender.resume());
    void this.infoPoller.poll();
    this.infoTimer = setInterval(() => void this.infoPoller.poll(), this.opts.infoPollMs ?? DEFAULT_INFO_POLL_MS);
    this.infoTimer.unref();
    // The first heartbeat introduces this instance: state numbers its changes for it from then on.
    this.sender.heartbeat(false);
    this.heartbeatTimer = setInterval(() => this.sender.tick(), this.opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  /** A state of another history: start the streams again under a new instance. */
  private startAfresh(sighting: 'first' | 'new-history'): void {
    if (sighting === 'first') return;
    this.batcher.flushNow();
    this.stream.restart(randomBytes(6).toString('hex'));
    this.sender.heartbeat(false);
  }

  private onOut(batch: NetOutBatch): void {
    this.opts.handlers.onStateHeard();
    const { items, gap } = this.stream.receive(batch.pi, batch.first, batch.ack, batch.items);
    if (gap) {
      this.opts.logger.warn({ first: batch.first }, 'changes from state are missing: asking for them again');
      this.sender.heartbeat(true);
      return;
    }
    if (items.length > 0) this.opts.handlers.onOut(items);
  }

  /**
   * Queues items for state; all items of one turn leave together, in order. `json` is the item's
   * JSON when the caller has it already (it must encode exactly `item`).
   */
  deliver(item: NetInItem, json?: string): void {
    if (json !== undefined) (item as QueuedItem)[ITEM_JSON] = json;
    this.batcher.add(item);
  }

  private encodeItem(item: QueuedItem): string {
    return item[ITEM_JSON] ?? JSON.stringify(item);
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

  /** The map report (issue 14), fire and forget: nobody may be listening, and the next one follows. */
  publishMap(report: PortalMapReport): void {
    if (!this.connected()) return;
    try {
      publishEnvelope(this.opts.nc, subjects.portalMap(this.opts.serverId), report);
    } catch (err) {
      this.opts.logger.warn({ err }, 'publishing the map report failed');
    }
  }

  async stop(): Promise<void> {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.infoTimer) clearInterval(this.infoTimer);
    this.stopReconnectListener?.();
    this.batcher.flushNow();
    for (const sub of this.subscriptions.splice(0)) sub.unsubscribe();
    if (!this.opts.nc.isClosed()) await this.opts.nc.flush().catch(() => {});
  }
}
