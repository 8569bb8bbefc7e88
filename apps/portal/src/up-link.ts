import type { PortalConfig } from '@portalchat/config';
import type { ServerRecord, SwitchLink, WireEvent } from '@portalchat/routing';
import type { Frame, FrameBody, HelloFrame } from './frames';
import type { Role } from './handshake';

// A frame carries at most this many events or about this much JSON: big enough that a busy link
// sends few frames (a grpc-js stream manages ~11–16k frames/s), small enough that a burst
// does not stall the stream behind one huge message.
const MAX_FRAME_EVENTS = 2000;
const MAX_FRAME_BYTES = 512 * 1024;

export interface LinkStats {
  eventsIn: number;
  bytesIn: number;
  eventsOut: number;
  bytesOut: number;
  /** When the link came up (ms). */
  openSince: number;
  /** Round-trip time of the last ping (ms); NaN before the first pong. */
  rttMs: number;
}

/** The frames of a link that is up that the portal around it handles. */
export type UpLinkFrame = Extract<FrameBody, { kind: 'topology' | 'events' | 'burst' }>;

/** What a link that is up needs from the portal around it. */
export interface UpLinkHost {
  clock(): number;
  /** Topology, events and burst marks. */
  onFrame(link: UpLink, body: UpLinkFrame): void;
  /** Events sent or received on the link (for metrics). */
  counted(link: UpLink, direction: 'in' | 'out', events: number): void;
}

/** What a link that is up needs from the connection under it. */
export interface LinkConnection {
  write(frame: Frame): void;
  /** Ends the link from our side, after what is queued. */
  close(reason: string): void;
}

/**
 * A link whose handshake succeeded, so its peer and portal are known: batched sending (all events
 * queued in one event-loop turn leave together, in frames of many events; control frames keep
 * their place in the order relative to events), bursts, ping answers and figures.
 */
export class UpLink implements SwitchLink {
  readonly stats: LinkStats;
  private pending: Frame[] = [];
  private pendingEvents: WireEvent[] = [];
  /** Live events held back while our burst is being sent, so they follow it. */
  private held: WireEvent[] | undefined;
  private flushScheduled: NodeJS.Immediate | undefined;
  private open = true;

  constructor(
    readonly role: Role,
    readonly portal: PortalConfig,
    readonly peer: HelloFrame,
    private readonly connection: LinkConnection,
    private readonly host: UpLinkHost,
  ) {
    this.stats = { eventsIn: 0, bytesIn: 0, eventsOut: 0, bytesOut: 0, openSince: host.clock(), rttMs: Number.NaN };
  }

  get peerId(): number {
    return this.peer.serverId;
  }

  /** Bytes of events waiting to be written. */
  get sendQ(): number {
    let bytes = 0;
    for (const e of this.pendingEvents) bytes += e.json.length;
    for (const e of this.held ?? []) bytes += e.json.length;
    return bytes;
  }

  // ── sending ──────────────────────────────────────────────────────────────────

  /** Queues live events (held back behind a burst in progress). */
  sendEvents(events: readonly WireEvent[]): void {
    if (!this.open) return;
    if (this.held) this.held.push(...events);
    else this.pendingEvents.push(...events);
    this.schedule();
  }

  sendTopology(records: readonly ServerRecord[]): void {
    this.send({ topology: { servers: [...records] } });
  }

  /** Queues a control frame after the events queued so far. */
  send(frame: Frame): void {
    if (!this.open) return;
    this.moveEventsToFrames();
    this.pending.push(frame);
    this.schedule();
  }

  beginBurst(): void {
    this.held ??= [];
    this.send({ burst: { end: false, events: 0 } });
  }

  sendBurstEvents(events: readonly WireEvent[]): void {
    if (!this.open) return;
    this.pendingEvents.push(...events);
    this.schedule();
  }

  /** Ends the burst and releases the live events held behind it. */
  endBurst(count: number): void {
    this.send({ burst: { end: true, events: count } });
    const held = this.held ?? [];
    this.held = undefined;
    this.sendEvents(held);
  }

  /** Ends the link from our side (shutdown or a restarted state). */
  close(reason: string): void {
    this.connection.close(reason);
  }

  /** Writes what is queued now (the connection is about to end). */
  flushNow(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    this.moveEventsToFrames();
    const frames = this.pending;
    this.pending = [];
    for (const frame of frames) this.connection.write(frame);
  }

  /** The connection ended: what is still queued is dropped, and nothing more is sent. */
  stop(): void {
    this.open = false;
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    this.pending = [];
    this.pendingEvents = [];
    this.held = undefined;
  }

  private schedule(): void {
    this.flushScheduled ??= setImmediate(() => this.flushNow());
  }

  private moveEventsToFrames(): void {
    let batch: WireEvent[] = [];
    let bytes = 0;
    for (const event of this.pendingEvents) {
      if (batch.length >= MAX_FRAME_EVENTS || (batch.length > 0 && bytes + event.json.length > MAX_FRAME_BYTES)) {
        this.pending.push({ events: { events: batch } });
        batch = [];
        bytes = 0;
      }
      batch.push(event);
      bytes += event.json.length;
      this.stats.eventsOut++;
      this.stats.bytesOut += event.json.length;
    }
    if (batch.length > 0) this.pending.push({ events: { events: batch } });
    if (this.pendingEvents.length > 0) this.host.counted(this, 'out', this.pendingEvents.length);
    this.pendingEvents = [];
  }

  // ── receiving ────────────────────────────────────────────────────────────────

  /** A frame from the peer, checked readable (frameProblem) by the connection. */
  receive(body: FrameBody): void {
    switch (body.kind) {
      case 'ping':
        this.send({ pong: { sentAt: body.value.sentAt } });
        return;
      case 'pong':
        this.stats.rttMs = this.host.clock() - body.value.sentAt;
        return;
      case 'events':
        for (const e of body.value.events) {
          this.stats.eventsIn++;
          this.stats.bytesIn += e.json.length;
        }
        this.host.counted(this, 'in', body.value.events.length);
        return this.host.onFrame(this, body);
      case 'topology':
      case 'burst':
        return this.host.onFrame(this, body);
      default:
        return; // a repeated handshake frame: harmless
    }
  }
}
