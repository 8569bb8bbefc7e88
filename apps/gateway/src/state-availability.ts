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
 * Whether the state service can be counted on, from what the gateway last heard of it. Pure: the
 * caller passes `now` (ms) and whether NATS is connected.
 *
 * State counts as there for `maxAgeMs` after each sign of life (a StateInfo answer or a state
 * hello). It counts as gone at once when NATS says nobody listens on the info subject ("no
 * responders"): that is definite, so new clients are refused from the next poll on instead of
 * after the whole max age.
 */
export class StateAvailability {
  private lastHeardAt: number | undefined;

  constructor(private readonly maxAgeMs: number) {}

  /** State answered StateInfo or announced itself. */
  heard(now: number): void {
    this.lastHeardAt = now;
  }

  /** NATS reported no subscriber for state's subjects: the state process is not running. */
  lost(): void {
    this.lastHeardAt = undefined;
  }

  status(now: number, natsConnected: boolean): AvailabilityStatus {
    if (!natsConnected) return { available: false, reason: Unavailable.nats };
    if (this.lastHeardAt === undefined || now - this.lastHeardAt > this.maxAgeMs) {
      return { available: false, reason: Unavailable.state };
    }
    return { available: true };
  }
}
