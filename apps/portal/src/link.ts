import { randomBytes } from 'node:crypto';
import type { PortalConfig } from '@portalchat/config';
import { PORTAL_PROTOCOL_VERSION } from '@portalchat/protocol';
import { frameProblem } from './frame-check';
import { frameBody, type Frame, type FrameBody, type HelloFrame, type WireEvent } from './frames';
import { BAD_SECRET, handshakeProof, helloRefusal, proofMatches, type ProofInput, type Role } from './handshake';
import type { LinkStream } from './link-stream';
import type { OwnServer } from './network-graph';

/** What a link needs from the portal around it. */
export interface LinkHost {
  own: OwnServer;
  clock(): number;
  /** The configured portal for a server ID (the accepting side learns it from the Hello). */
  portalFor(serverId: number): PortalConfig | undefined;
  knownName(serverId: number): string | undefined;
  linked(serverId: number): boolean;
  onUp(link: PortalLink): void;
  /** Topology, events and burst marks of a link that is up. */
  onFrame(link: PortalLink, body: FrameBody): void;
  /** The link ended (after onRefused too); `wasUp` tells a split from a failed attempt. */
  onDown(link: PortalLink, reason: string, wasUp: boolean): void;
  onRefused(link: PortalLink, reason: string, byPeer: boolean): void;
  /** Events sent or received on the link (for metrics). */
  counted(link: PortalLink, direction: 'in' | 'out', events: number): void;
}

export interface LinkTimings {
  /** Handshake must end within this (ms). */
  handshakeMs: number;
  /** An application Ping this often (ms). */
  pingMs: number;
  /** A link that sent nothing for this long is dead (ms). */
  deadMs: number;
}

export const DEFAULT_TIMINGS: LinkTimings = { handshakeMs: 5000, pingMs: 1000, deadMs: 3500 };

// A frame carries at most this many events or about this much JSON: big enough that a busy link
// sends few frames (a grpc-js stream manages ~11–16k frames/s), small enough that a burst
// does not stall the stream behind one huge message.
const MAX_FRAME_EVENTS = 2000;
const MAX_FRAME_BYTES = 512 * 1024;

type Phase = 'handshake' | 'up' | 'closed';

/**
 * One link to a peer portal: the handshake, keepalive, and batched sending (all events queued in
 * one event-loop turn leave together, in frames of many events). Control frames keep their
 * place in the order relative to events.
 */
export class PortalLink {
  phase: Phase = 'handshake';
  portal: PortalConfig | undefined;
  peer: HelloFrame | undefined;
  readonly stats = { eventsIn: 0, bytesIn: 0, eventsOut: 0, bytesOut: 0, openSince: 0, rttMs: Number.NaN };
  private readonly nonce = randomBytes(16).toString('hex');
  private pending: Frame[] = [];
  private pendingEvents: WireEvent[] = [];
  /** Live events held back while our burst is being sent, so they follow it. */
  private held: WireEvent[] | undefined;
  private flushScheduled: NodeJS.Immediate | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private lastHeard: number;

  constructor(
    readonly role: Role,
    private readonly stream: LinkStream,
    private readonly host: LinkHost,
    portal: PortalConfig | undefined,
    private readonly timings: LinkTimings = DEFAULT_TIMINGS,
  ) {
    this.portal = portal;
    this.lastHeard = host.clock();
  }

  get peerId(): number | undefined {
    return this.peer?.serverId;
  }

  /** Where this link is in its life, for logs and readiness. */
  get label(): string {
    return this.portal?.name ?? `incoming(${this.peer?.serverId ?? '?'})`;
  }

  /** Bytes of events waiting to be written. */
  get sendQ(): number {
    let bytes = 0;
    for (const e of this.pendingEvents) bytes += e.json.length;
    for (const e of this.held ?? []) bytes += e.json.length;
    return bytes;
  }

  start(): void {
    this.stream.listen(
      (raw) => {
        // An exception here would escape into grpc-js's stream callbacks: a frame that breaks
        // the code reading it (a Hello without a nonce…) ends this link, not the portal.
        try {
          this.receive(raw);
        } catch (err) {
          this.protocolError(`unreadable ${frameBody(raw)?.kind ?? ''} frame (${(err as Error).message})`);
        }
      },
      (reason) => this.closed(reason),
    );
    const handshakeTimer = setTimeout(() => {
      if (this.phase === 'handshake') this.refuse(`handshake not finished within ${this.timings.handshakeMs} ms`);
    }, this.timings.handshakeMs);
    handshakeTimer.unref();
    this.timers.push(handshakeTimer);
    if (this.role === 'dialer') this.writeNow({ hello: this.hello('') });
  }

  // ── sending ──────────────────────────────────────────────────────────────────

  /** Queues live events (held back behind a burst in progress). */
  sendEvents(events: readonly WireEvent[]): void {
    if (this.phase !== 'up') return;
    if (this.held) this.held.push(...events);
    else this.pendingEvents.push(...events);
    this.schedule();
  }

  /** Queues a control frame after the events queued so far. */
  send(frame: Frame): void {
    if (this.phase !== 'up') return;
    this.moveEventsToFrames();
    this.pending.push(frame);
    this.schedule();
  }

  beginBurst(): void {
    this.held ??= [];
    this.send({ burst: { end: false, events: 0 } });
  }

  sendBurstEvents(events: readonly WireEvent[]): void {
    if (this.phase !== 'up') return;
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
    if (this.phase === 'closed') return;
    this.flushNow();
    this.stream.end();
    this.closed(reason);
  }

  private schedule(): void {
    this.flushScheduled ??= setImmediate(() => this.flushNow());
  }

  private flushNow(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    this.moveEventsToFrames();
    const frames = this.pending;
    this.pending = [];
    for (const frame of frames) this.stream.write(frame);
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

  private writeNow(frame: Frame): void {
    this.stream.write(frame);
  }

  // ── receiving ────────────────────────────────────────────────────────────────

  private receive(raw: unknown): void {
    if (this.phase === 'closed') return;
    this.lastHeard = this.host.clock();
    const body = frameBody(raw);
    if (!body) return; // a frame kind from a newer peer: ignore it
    if (body.kind === 'refusal') {
      this.host.onRefused(this, `refused by peer: ${body.value.reason}`, true);
      this.stream.end();
      this.closed(`refused by peer: ${body.value.reason}`);
      return;
    }
    if (this.phase === 'handshake') return this.handshake(body);
    const problem = frameProblem(body);
    if (problem) return this.protocolError(problem);
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

  private handshake(body: FrameBody): void {
    if (this.role === 'acceptor' && body.kind === 'hello' && !this.peer) {
      const hello = body.value;
      this.portal = this.host.portalFor(hello.serverId);
      this.peer = hello;
      const refusal = helloRefusal(hello, this.expectations());
      if (refusal) return this.refuse(refusal);
      const proof = handshakeProof(this.portal!.secret, 'acceptor', this.proofInput());
      return this.writeNow({ hello: this.hello(proof) });
    }
    if (this.role === 'acceptor' && body.kind === 'auth' && this.peer) {
      if (!proofMatches(this.portal!.secret, 'dialer', this.proofInput(), body.value.proof)) return this.refuse(BAD_SECRET);
      // Checked again: another link to the same server may have come up meanwhile.
      const refusal = helloRefusal(this.peer, this.expectations());
      if (refusal) return this.refuse(refusal);
      this.writeNow({ ready: {} });
      return this.becomeUp();
    }
    if (this.role === 'dialer' && body.kind === 'hello' && !this.peer) {
      this.peer = body.value;
      const refusal = helloRefusal(body.value, this.expectations());
      if (refusal) return this.refuse(refusal);
      if (!proofMatches(this.portal!.secret, 'acceptor', this.proofInput(), body.value.proof)) return this.refuse(BAD_SECRET);
      return this.writeNow({ auth: { proof: handshakeProof(this.portal!.secret, 'dialer', this.proofInput()) } });
    }
    if (this.role === 'dialer' && body.kind === 'ready' && this.peer) return this.becomeUp();
    this.refuse(`unexpected ${body.kind} frame during the handshake`);
  }

  private expectations() {
    return {
      ownId: this.host.own.serverId,
      configuredId: this.portal?.serverId,
      knownName: (id: number) => this.host.knownName(id),
      linked: (id: number) => this.host.linked(id),
    };
  }

  private proofInput(): ProofInput {
    const peer = this.peer!;
    const own = this.host.own.serverId;
    return this.role === 'dialer'
      ? { dialerNonce: this.nonce, acceptorNonce: peer.nonce, dialerId: own, acceptorId: peer.serverId }
      : { dialerNonce: peer.nonce, acceptorNonce: this.nonce, dialerId: peer.serverId, acceptorId: own };
  }

  private hello(proof: string): HelloFrame {
    const { serverId, name, description, epoch } = this.host.own;
    return { version: PORTAL_PROTOCOL_VERSION, serverId, name, description, epoch, nonce: this.nonce, proof };
  }

  private becomeUp(): void {
    this.phase = 'up';
    this.stats.openSince = this.host.clock();
    const keepalive = setInterval(() => this.keepalive(), this.timings.pingMs);
    keepalive.unref();
    this.timers.push(keepalive);
    this.host.onUp(this);
  }

  private keepalive(): void {
    const now = this.host.clock();
    if (now - this.lastHeard > this.timings.deadMs) {
      this.stream.abort();
      this.closed(`Ping timeout: nothing heard for ${((now - this.lastHeard) / 1000).toFixed(1)} s`);
      return;
    }
    this.send({ ping: { sentAt: now } });
  }

  private refuse(reason: string): void {
    if (this.phase === 'closed') return;
    this.writeNow({ refusal: { reason } });
    this.stream.end();
    this.host.onRefused(this, reason, false);
    this.closed(reason);
  }

  /**
   * The peer sent a frame that cannot be read: nothing more of it can be trusted to be in order,
   * so the link ends (the peer is told why, and the uplink redials: a link that keeps failing the
   * same way shows in the logs and /readyz with this reason).
   */
  private protocolError(problem: string): void {
    if (this.phase === 'closed') return;
    const reason = `protocol error: ${problem}`;
    if (this.phase === 'handshake') return this.refuse(reason);
    this.writeNow({ refusal: { reason } });
    this.stream.end();
    this.closed(reason);
  }

  private closed(reason: string): void {
    if (this.phase === 'closed') return;
    const wasUp = this.phase === 'up';
    this.phase = 'closed';
    for (const timer of this.timers.splice(0)) clearTimeout(timer);
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.pending = [];
    this.pendingEvents = [];
    this.held = undefined;
    this.host.onDown(this, reason, wasUp);
  }
}
