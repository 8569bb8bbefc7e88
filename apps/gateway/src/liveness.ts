/** config.limits, the timing part. */
export interface LivenessLimits {
  registrationTimeoutSeconds: number;
  /** Idle time before the server PINGs a client. */
  pingIntervalSeconds: number;
  /** Time a client has to answer (with any line) after the PING. */
  pingTimeoutSeconds: number;
}

/** What the sweep wants done to a connection. */
export type LivenessAction<K> = { key: K; kind: 'ping' } | { key: K; kind: 'close'; reason: string };

interface Entry {
  connectedAt: number;
  lastActivityAt: number;
  registered: boolean;
  /** Set while a PING is unanswered. */
  pingSentAt: number | undefined;
}

export const REGISTRATION_TIMED_OUT = 'Registration timed out';

/**
 * Registration timeout and PING/PONG liveness for all connections of a gateway, driven by one
 * coarse periodic sweep instead of a timer per connection (thousands of timers churn on every
 * line). Pure: the caller passes `now` (ms) and carries out the returned actions.
 *
 * Any received line counts as activity, not only PONG: a client that talks is alive.
 */
export class LivenessTracker<K> {
  private readonly entries = new Map<K, Entry>();

  constructor(private readonly limits: LivenessLimits) {}

  add(key: K, now: number): void {
    this.entries.set(key, { connectedAt: now, lastActivityAt: now, registered: false, pingSentAt: undefined });
  }

  activity(key: K, now: number): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.lastActivityAt = now;
    entry.pingSentAt = undefined;
  }

  /** Registration finished: the registration timeout no longer applies. */
  registered(key: K): void {
    const entry = this.entries.get(key);
    if (entry) entry.registered = true;
  }

  remove(key: K): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Decides, for every connection, whether it timed out (its entry is removed) or needs a PING.
   * Bounded by the number of connections.
   */
  sweep(now: number): LivenessAction<K>[] {
    const actions: LivenessAction<K>[] = [];
    const { registrationTimeoutSeconds, pingIntervalSeconds, pingTimeoutSeconds } = this.limits;
    for (const [key, entry] of this.entries) {
      if (!entry.registered && now - entry.connectedAt >= registrationTimeoutSeconds * 1000) {
        this.entries.delete(key);
        actions.push({ key, kind: 'close', reason: REGISTRATION_TIMED_OUT });
      } else if (entry.pingSentAt !== undefined) {
        if (now - entry.pingSentAt >= pingTimeoutSeconds * 1000) {
          this.entries.delete(key);
          const idleSeconds = Math.floor((now - entry.lastActivityAt) / 1000);
          actions.push({ key, kind: 'close', reason: `Ping timeout: ${idleSeconds} seconds` });
        }
      } else if (now - entry.lastActivityAt >= pingIntervalSeconds * 1000) {
        entry.pingSentAt = now;
        actions.push({ key, kind: 'ping' });
      }
    }
    return actions;
  }
}
