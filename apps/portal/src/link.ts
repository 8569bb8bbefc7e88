import { randomBytes } from 'node:crypto';
import type { PortalConfig } from '@portalchat/config';
import { frameProblem } from './frame-check';
import { frameBody, type Frame, type HelloFrame } from './frames';
import type { Role } from './handshake';
import {
  handshakeStep,
  startAccepting,
  startDialing,
  type HandshakeContext,
  type HandshakeInput,
  type HandshakeState,
  type HandshakeStep,
} from './handshake-machine';
import type { LinkStream } from './link-stream';
import type { PeerTransport } from './peer-check';
import { UpLink, type LinkConnection, type UpLinkHost } from './up-link';

/** A link before it is up, or one that never came up: what its handshake learnt so far. */
export interface LinkAttempt {
  readonly role: Role;
  /** The configured portal (the accepting side learns it from the peer's Hello). */
  readonly portal: PortalConfig | undefined;
  readonly peer: HelloFrame | undefined;
}

/** How a link ended: a link that was up (a split), or an attempt that failed. */
export type LinkEnd = { connection: PortalLink; reason: string } & (
  { wasUp: true; link: UpLink } | { wasUp: false; link: LinkAttempt }
);

/** What a link needs from the portal around it. */
export interface LinkHost extends HandshakeContext, UpLinkHost {
  onUp(link: UpLink): void;
  /** The link ended (after onRefused too). */
  onDown(end: LinkEnd): void;
  /** The handshake was refused, or the peer refused the link later: `link` as far as it got. */
  onRefused(link: LinkAttempt | UpLink, reason: string, byPeer: boolean): void;
  /** Why `transport` does not suit `portal` (peer-check.ts), or undefined. */
  checkTransport(portal: PortalConfig, transport: PeerTransport): string | undefined;
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

/**
 * The dialing side knows its portal from the start (and checked the peer's certificate while
 * connecting); the accepting side learns it from the Hello, and checks the transport the
 * connection came in on against it then.
 */
export type LinkOpening = { role: 'dialer'; portal: PortalConfig } | { role: 'acceptor'; transport: PeerTransport };

type Phase = { name: 'handshake'; handshake: HandshakeState } | { name: 'up'; link: UpLink } | { name: 'closed' };

/**
 * One connection to a peer portal: runs the handshake (handshake-machine.ts) on the stream, then
 * hands the link that is up (UpLink) to the portal, keeps it alive with pings and ends it when the
 * peer falls silent, refuses or sends a frame that cannot be read.
 */
export class PortalLink implements LinkConnection {
  readonly role: Role;
  private phase: Phase;
  /** The handshake's first step; its actions (the dialer's Hello) run on start(). */
  private readonly opening: HandshakeStep;
  private readonly timers: NodeJS.Timeout[] = [];
  private lastHeard: number;
  /** What the handshake machine may ask: the portal's answers, and this link's transport check. */
  private readonly context: HandshakeContext;

  constructor(
    opening: LinkOpening,
    private readonly stream: LinkStream,
    private readonly host: LinkHost,
    private readonly timings: LinkTimings = DEFAULT_TIMINGS,
  ) {
    const nonce = randomBytes(16).toString('hex');
    this.role = opening.role;
    this.opening = opening.role === 'dialer' ? startDialing(opening.portal, nonce, host.own) : startAccepting(nonce);
    this.phase = { name: 'handshake', handshake: this.opening.state };
    this.lastHeard = host.clock();
    const transport = opening.role === 'acceptor' ? opening.transport : undefined;
    this.context = {
      own: host.own,
      portalFor: (id) => host.portalFor(id),
      knownName: (id) => host.knownName(id),
      linked: (id) => host.linked(id),
      heldDown: (portal) => host.heldDown?.(portal),
      transportProblem: (portal) => (transport ? host.checkTransport(portal, transport) : undefined),
    };
  }

  /** Where the link is in its life. */
  get state(): Phase['name'] {
    return this.phase.name;
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
    const handshakeTimer = setTimeout(
      () => this.handshake({ type: 'timeout', afterMs: this.timings.handshakeMs }),
      this.timings.handshakeMs,
    );
    handshakeTimer.unref();
    this.timers.push(handshakeTimer);
    this.apply(this.opening);
  }

  write(frame: Frame): void {
    this.stream.write(frame);
  }

  /** Ends the link from our side (shutdown or a restarted state), after what is queued. */
  close(reason: string): void {
    if (this.phase.name === 'closed') return;
    if (this.phase.name === 'up') this.phase.link.flushNow();
    this.stream.end();
    this.closed(reason);
  }

  private receive(raw: unknown): void {
    if (this.phase.name === 'closed') return;
    this.lastHeard = this.host.clock();
    const body = frameBody(raw);
    if (!body) return; // a frame kind from a newer peer: ignore it
    if (body.kind === 'refusal') return this.refusedByPeer(body.value.reason);
    if (this.phase.name === 'handshake') return this.handshake({ type: 'frame', body });
    const problem = frameProblem(body);
    if (problem) return this.protocolError(problem);
    this.phase.link.receive(body);
  }

  private handshake(input: HandshakeInput): void {
    if (this.phase.name !== 'handshake') return;
    this.apply(handshakeStep(this.phase.handshake, input, this.context));
  }

  /** Carries out what the handshake machine decided. */
  private apply(step: HandshakeStep): void {
    if (this.phase.name !== 'handshake') return;
    this.phase = { name: 'handshake', handshake: step.state };
    for (const action of step.actions) {
      if (action.type === 'send') this.stream.write(action.frame);
      else if (action.type === 'refuse') this.refuse(action.reason);
      else this.becomeUp(action.portal, action.peer);
    }
  }

  private becomeUp(portal: PortalConfig, peer: HelloFrame): void {
    const link = new UpLink(this.role, portal, peer, this, this.host);
    this.phase = { name: 'up', link };
    const keepalive = setInterval(() => this.keepalive(link), this.timings.pingMs);
    keepalive.unref();
    this.timers.push(keepalive);
    this.host.onUp(link);
  }

  private keepalive(link: UpLink): void {
    const now = this.host.clock();
    if (now - this.lastHeard > this.timings.deadMs) {
      this.stream.abort();
      this.closed(`Ping timeout: nothing heard for ${((now - this.lastHeard) / 1000).toFixed(1)} s`);
      return;
    }
    link.send({ ping: { sentAt: now } });
  }

  /** The link as far as it got, for the portal's logs and statuses. */
  private current(): LinkAttempt | UpLink {
    if (this.phase.name === 'up') return this.phase.link;
    const known = this.phase.name === 'handshake' ? this.phase.handshake : undefined;
    return { role: this.role, portal: known?.portal, peer: known?.peer };
  }

  private refusedByPeer(why: string): void {
    const reason = `refused by peer: ${why}`;
    this.host.onRefused(this.current(), reason, true);
    this.stream.end();
    this.closed(reason);
  }

  /** Refuses the link: the peer reads why before the stream ends. */
  private refuse(reason: string): void {
    if (this.phase.name === 'closed') return;
    this.stream.write({ refusal: { reason } });
    this.stream.end();
    this.host.onRefused(this.current(), reason, false);
    this.closed(reason);
  }

  /**
   * The peer sent a frame that cannot be read: nothing more of it can be trusted to be in order,
   * so the link ends (the peer is told why, and the uplink redials: a link that keeps failing the
   * same way shows in the logs and /readyz with this reason).
   */
  private protocolError(problem: string): void {
    if (this.phase.name === 'closed') return;
    const reason = `protocol error: ${problem}`;
    if (this.phase.name === 'handshake') return this.refuse(reason);
    this.stream.write({ refusal: { reason } });
    this.stream.end();
    this.closed(reason);
  }

  private closed(reason: string): void {
    const phase = this.phase;
    if (phase.name === 'closed') return;
    const attempt = this.current();
    this.phase = { name: 'closed' };
    for (const timer of this.timers.splice(0)) clearTimeout(timer);
    if (phase.name === 'up') {
      phase.link.stop();
      this.host.onDown({ connection: this, reason, wasUp: true, link: phase.link });
    } else {
      this.host.onDown({ connection: this, reason, wasUp: false, link: attempt });
    }
  }
}
