import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  PROTOCOL_VERSION,
  type MapDelta,
  type MapSnapshot,
  type MapView,
  type PortalMapReport,
  type StateCensus,
} from '@portalchat/protocol';
import type { Logger } from '@portalchat/service';
import { diffViews, type MapModel } from './map-model';

export interface MapFeedOptions {
  model: MapModel;
  clock: () => number;
  /** State's census, or undefined when it does not answer (gateway NATS adapter). */
  requestCensus: () => Promise<StateCensus | undefined>;
  logger: Logger;
  /** Open map pages past which a new one gets 503. */
  maxViewers?: number;
  /** How often the census is asked and staleness checked (ms). */
  tickMs?: number;
  /** How often an idle stream gets a comment line, so proxies and browsers keep it open (ms). */
  keepaliveMs?: number;
}

const DEFAULT_MAX_VIEWERS = 100;
const DEFAULT_TICK_MS = 1000;
const DEFAULT_KEEPALIVE_MS = 15_000;
/** A viewer whose unsent output passes this is not reading: it is dropped (it reconnects and gets a snapshot). */
const MAX_BUFFERED_BYTES = 1 << 20;

/**
 * The Server-Sent Events stream at /map/events: each page gets the whole map (`snapshot`), then
 * only what changed (`delta`), as the portal's reports and state's census come in. State is asked
 * for its census only while someone watches.
 */
export class MapFeed {
  private readonly viewers = new Set<ServerResponse>();
  private shown: MapView | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private censusInFlight = false;

  constructor(private readonly opts: MapFeedOptions) {}

  get viewerCount(): number {
    return this.viewers.size;
  }

  start(): void {
    const tick = setInterval(() => this.tick(), this.opts.tickMs ?? DEFAULT_TICK_MS);
    const keepalive = setInterval(
      () => this.writeAll(': keepalive\n\n'),
      this.opts.keepaliveMs ?? DEFAULT_KEEPALIVE_MS,
    );
    for (const timer of [tick, keepalive]) {
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Ends every stream: a listener closes only once its last connection has. */
  stop(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    for (const res of this.viewers) res.end();
    this.viewers.clear();
  }

  takeReport(report: PortalMapReport): void {
    this.opts.model.takeReport(report, this.opts.clock());
    this.publish();
  }

  /** A page opened /map/events: the snapshot now, the deltas from then on. */
  addViewer(req: IncomingMessage, res: ServerResponse): void {
    if (this.viewers.size >= (this.opts.maxViewers ?? DEFAULT_MAX_VIEWERS)) {
      res.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '10' });
      res.end('too many open maps on this server; try again later\n');
      return;
    }
    // Whoever watches already gets what changed, so the new page starts from the same view.
    this.publish();
    const view = this.shown ?? this.opts.model.view(this.opts.clock());
    this.shown = view;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    const snapshot: MapSnapshot = { v: PROTOCOL_VERSION, at: this.opts.clock(), view };
    // retry: how soon the browser's EventSource reconnects after the stream ends (a gateway restart).
    res.write(`retry: 2000\n\nevent: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`);
    this.viewers.add(res);
    const gone = () => this.viewers.delete(res);
    req.on('close', gone);
    res.on('close', gone);
    res.on('error', gone);
    if (this.viewers.size === 1) void this.refreshCensus();
  }

  private tick(): void {
    if (this.viewers.size === 0) return;
    void this.refreshCensus();
    // Staleness (a portal that stopped reporting) shows without any message arriving.
    this.publish();
  }

  private async refreshCensus(): Promise<void> {
    if (this.censusInFlight) return;
    this.censusInFlight = true;
    try {
      const census = await this.opts.requestCensus();
      if (census) {
        this.opts.model.takeCensus(census);
        this.publish();
      }
    } catch (err) {
      this.opts.logger.warn({ err }, 'map: asking state for its census failed');
    } finally {
      this.censusInFlight = false;
    }
  }

  /** Sends every viewer what changed since the last view they were sent. */
  private publish(): void {
    if (this.viewers.size === 0) {
      this.shown = undefined; // the next page gets a fresh snapshot; nobody needs deltas meanwhile
      return;
    }
    const view = this.opts.model.view(this.opts.clock());
    const changes = diffViews(this.shown, view);
    this.shown = view;
    if (changes.length === 0) return;
    const delta: MapDelta = { v: PROTOCOL_VERSION, at: this.opts.clock(), changes };
    this.writeAll(`event: delta\ndata: ${JSON.stringify(delta)}\n\n`);
  }

  private writeAll(text: string): void {
    for (const res of this.viewers) {
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        this.viewers.delete(res);
        res.destroy();
        continue;
      }
      res.write(text);
    }
  }
}
