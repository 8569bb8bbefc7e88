import type * as grpc from '@grpc/grpc-js';
import type { PortalConfig } from '@portalchat/config';
import type { Frame } from './frames';
import { CHANNEL_OPTIONS, portalService } from './grpc-service';
import { grpcLinkStream, type LinkStream } from './link-stream';

const REDIAL_BASE_MS = 250;
/** The longest wait between two dials (the design says ~5 s). */
const REDIAL_CAP_MS = 5000;
/**
 * For this long after a link that was up ended, the wait is at most SOON_CAP_MS: a peer that
 * restarts is back within a few seconds, and it must be reached again inside the split grace
 * (portal.splitGraceMs, 5 s by default) for the split to stay invisible. With the plain backoff,
 * a peer back after 3 s was redialed only 5–7 s after it went (measured, bench `restart`).
 */
const SOON_AFTER_UP_MS = 10_000;
const SOON_CAP_MS = 1000;

/** The cap of the next wait: low in the first seconds after a link that was up ended. */
export function redialCapMs(msSinceUpLinkEnded: number | undefined, capMs = REDIAL_CAP_MS): number {
  return msSinceUpLinkEnded !== undefined && msSinceUpLinkEnded < SOON_AFTER_UP_MS
    ? Math.min(capMs, SOON_CAP_MS)
    : capMs;
}

/**
 * The wait before the next dial: "decorrelated jitter" (AWS Architecture Blog, "Exponential
 * Backoff And Jitter"): a random time between the base and three times the last wait, at most the
 * cap. The randomness spreads the leaves of a hub that restarted, so they do not all dial it in
 * the same instant again and again; the base keeps a peer that refuses at once from being redialed
 * in a tight loop. `random` gives a number in [0, 1) (Math.random; specs fix it).
 *
 * grpc-js's own reconnect backoff (1 s growing to 120 s, with jitter) does not do this job, and
 * does not add to it: it paces the reconnects of one channel, but every dial here makes a new
 * client (the last one is closed when its link ends; measured with grpc-js 1.14, a peer back after
 * a 30 s outage is reached on the next dial, not after grpc-js's ~17 s wait of that moment). And
 * many redials follow a link that ended above gRPC (a refused handshake, a ping timeout, a
 * restarted state) on a connection that worked, where grpc-js has nothing to back off from.
 */
export function nextRedialMs(
  lastMs: number | undefined,
  random: () => number,
  capMs = REDIAL_CAP_MS,
  baseMs = REDIAL_BASE_MS,
): number {
  const high = Math.max(baseMs, (lastMs ?? baseMs) * 3);
  return Math.min(capMs, Math.round(baseMs + random() * (high - baseMs)));
}

/**
 * Keeps one uplink portal connected: dials, hands the stream to `open`, and after the link ends
 * dials again after a jittered backoff (from the base again once a link had been up).
 */
export class Dialer {
  /** The last wait; undefined after a link that was up (the next wait starts from the base again). */
  private lastWaitMs: number | undefined;
  /** When the last link that was up ended (clock ms). */
  private upLinkEndedAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private client: grpc.Client | undefined;
  private stopped = false;

  /**
   * `credentials` gives each dial its channel credentials: TLS checking the peer's certificate
   * (tls-credentials.ts), or plaintext for an `insecure: true` entry.
   */
  constructor(
    readonly portal: PortalConfig,
    private readonly open: (stream: LinkStream) => void,
    private readonly credentials: () => grpc.ChannelCredentials,
    private readonly capMs = REDIAL_CAP_MS,
    private readonly random: () => number = Math.random,
    private readonly clock: () => number = Date.now,
  ) {}

  start(): void {
    this.dial();
  }

  /** The link this dialer opened ended; dial again after the backoff. */
  ended(wasUp: boolean): void {
    this.client?.close();
    this.client = undefined;
    if (this.stopped) return;
    const now = this.clock();
    if (wasUp) {
      this.lastWaitMs = undefined;
      this.upLinkEndedAt = now;
    }
    const since = this.upLinkEndedAt === undefined ? undefined : now - this.upLinkEndedAt;
    const delay = nextRedialMs(this.lastWaitMs, this.random, redialCapMs(since, this.capMs));
    this.lastWaitMs = delay;
    this.timer = setTimeout(() => this.dial(), delay);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.client?.close();
  }

  private dial(): void {
    if (this.stopped) return;
    const { Client } = portalService();
    const client = new Client(`${this.portal.address}:${this.portal.port}`, this.credentials(), CHANNEL_OPTIONS);
    this.client = client;
    const call = (client as unknown as { Link(): grpc.ClientDuplexStream<Frame, unknown> }).Link();
    this.open(grpcLinkStream(call, () => call.cancel()));
  }
}
