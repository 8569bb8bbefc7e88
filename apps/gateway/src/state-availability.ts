/** Why the gateway cannot serve new clients right now (the /readyz reason). */
export const Unavailable = {
  nats: 'not connected to NATS',
  state: 'state service not answering',
} as const;
export type Unavailable = (typeof Unavailable)[keyof typeof Unavailable];

/** The text after `ERROR :Closing Link: <ip>` for a client refused while state is unavailable. */
export const SERVICE_UNAVAILABLE = 'Chat service unavailable, try again later';

export type AvailabilityStatus = { available: true } | { available: false; reason: Unavailable };

/**
 * Whether the gateway can take new clients, from what it last heard of state. Pure: the caller
 * passes `now` (ms) and whether NATS is connected.
 *
 * Before state was ever heard of, no: nobody would answer a client. After that, yes for `awayMs`
 * after each sign of life (a StateInfo answer or a state hello), whether NATS or state is away
 * meanwhile: both come back within seconds after a restart, and the client's input waits for
 * state (the numbered stream keeps it). Past that, state is taken for gone and new clients get
 * an ERROR that says so.
 */
export class StateAvailability {
  private lastHeardAt: number | undefined;

  constructor(private readonly awayMs: number) {}

  /** State answered StateInfo or announced itself. */
  heard(now: number): void {
    this.lastHeardAt = now;
  }

  status(now: number, natsConnected: boolean): AvailabilityStatus {
    if (this.lastHeardAt === undefined || now - this.lastHeardAt > this.awayMs) {
      return { available: false, reason: natsConnected ? Unavailable.state : Unavailable.nats };
    }
    return { available: true };
  }
}
