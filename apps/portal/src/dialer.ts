import * as grpc from '@grpc/grpc-js';
import type { PortalConfig } from '@portalchat/config';
import type { Frame } from './frames';
import { CHANNEL_OPTIONS, portalService } from './grpc-service';
import { grpcLinkStream, type LinkStream } from './link-stream';

/** Redial delays: 250 ms doubling up to the cap (the design says ~5 s), after a failed attempt. */
export function backoffMs(attempt: number, capMs = 5000, baseMs = 250): number {
  return Math.min(capMs, baseMs * 2 ** Math.min(attempt, 16));
}

/**
 * Keeps one uplink portal connected: dials, hands the stream to `open`, and after the link ends
 * dials again with backoff (from the start once a link had been up).
 */
export class Dialer {
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private client: grpc.Client | undefined;
  private stopped = false;

  constructor(
    readonly portal: PortalConfig,
    private readonly open: (stream: LinkStream) => void,
    private readonly capMs = 5000,
  ) {}

  start(): void {
    this.dial();
  }

  /** The link this dialer opened ended; dial again after the backoff. */
  ended(wasUp: boolean): void {
    this.client?.close();
    this.client = undefined;
    if (this.stopped) return;
    if (wasUp) this.attempt = 0;
    const delay = backoffMs(this.attempt++, this.capMs);
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
    const client = new Client(`${this.portal.address}:${this.portal.port}`, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
    this.client = client;
    const call = (client as unknown as { Link(): grpc.ClientDuplexStream<Frame, unknown> }).Link();
    this.open(grpcLinkStream(call, () => call.cancel()));
  }
}
