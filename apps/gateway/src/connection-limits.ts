/** config.limits, the part the gateway enforces before a client reaches state. */
export interface ConnectionLimitConfig {
  maxConnections: number;
  maxConnectionsPerIp: number;
  maxUnregisteredPerIp: number;
  connectBurstPerIp: number;
  connectsPerSecondPerIp: number;
}

/** The text after `ERROR :Closing Link: <ip>` for a refused client (InspIRCd/ircu/solanum wording). */
export const Refusal = {
  serverFull: 'Server is full',
  tooManyFromIp: 'Too many connections from your IP address',
  tooManyUnregistered: 'Too many unregistered connections from your IP address',
  throttled: 'Reconnecting too fast, throttled',
} as const;
export type Refusal = (typeof Refusal)[keyof typeof Refusal];

/** A refusal as a metric label (a fixed set). */
export const REFUSAL_LABEL: Readonly<Record<Refusal, string>> = {
  [Refusal.serverFull]: 'server_full',
  [Refusal.tooManyFromIp]: 'per_ip',
  [Refusal.tooManyUnregistered]: 'unregistered_per_ip',
  [Refusal.throttled]: 'connect_rate',
};

interface IpCounts {
  open: number;
  unregistered: number;
}

/** A token bucket of connects: `tokens` as of `at` (ms). */
interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Counts this gateway's open connections, in total and per IP (open, and not yet registered), and
 * each IP's connect rate (a token bucket: `connectBurstPerIp` at once, then
 * `connectsPerSecondPerIp`), so a full server, a slowloris or a reconnect flood is refused at
 * accept time without a round trip to state. Pure bookkeeping, time passed in: admit() reserves
 * a slot, registered() moves it to the registered ones, release() frees it; every admitted
 * connection must be released exactly once.
 */
export class ConnectionLimits {
  private total = 0;
  private readonly perIp = new Map<string, IpCounts>();
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limits: ConnectionLimitConfig) {}

  /** Reserves a slot for `ip`, or says why the client is refused (nothing is reserved then). */
  admit(ip: string, now: number): Refusal | undefined {
    if (this.total >= this.limits.maxConnections) return Refusal.serverFull;
    const counts = this.perIp.get(ip) ?? { open: 0, unregistered: 0 };
    if (counts.open >= this.limits.maxConnectionsPerIp) return Refusal.tooManyFromIp;
    if (counts.unregistered >= this.limits.maxUnregisteredPerIp) return Refusal.tooManyUnregistered;
    const bucket = this.refilled(ip, now);
    if (bucket.tokens < 1) return Refusal.throttled;
    bucket.tokens -= 1;
    this.buckets.set(ip, bucket);
    this.total++;
    counts.open++;
    counts.unregistered++;
    this.perIp.set(ip, counts);
    return undefined;
  }

  /** The connection from `ip` finished registering: it no longer counts as unregistered. */
  registered(ip: string): void {
    const counts = this.perIp.get(ip);
    if (counts && counts.unregistered > 0) counts.unregistered--;
  }

  /** Frees the slot; `wasRegistered` says whether registered() was called for it. */
  release(ip: string, wasRegistered: boolean): void {
    const counts = this.perIp.get(ip);
    if (counts === undefined) return;
    this.total--;
    counts.open--;
    if (!wasRegistered && counts.unregistered > 0) counts.unregistered--;
    if (counts.open <= 0) this.perIp.delete(ip);
  }

  /**
   * Forgets the buckets that are full again (they say nothing a fresh one would not), so the
   * table holds only IPs that connected recently. Call it now and then (the gateway: every sweep).
   */
  prune(now: number): void {
    for (const [ip, bucket] of this.buckets) {
      if (this.tokensAt(bucket, now) >= this.limits.connectBurstPerIp) this.buckets.delete(ip);
    }
  }

  get connections(): number {
    return this.total;
  }

  connectionsFrom(ip: string): number {
    return this.perIp.get(ip)?.open ?? 0;
  }

  unregisteredFrom(ip: string): number {
    return this.perIp.get(ip)?.unregistered ?? 0;
  }

  /** IPs with a connect bucket in memory (bounded by prune). */
  get trackedIps(): number {
    return this.buckets.size;
  }

  private refilled(ip: string, now: number): Bucket {
    const bucket = this.buckets.get(ip);
    return bucket
      ? { tokens: this.tokensAt(bucket, now), at: now }
      : { tokens: this.limits.connectBurstPerIp, at: now };
  }

  private tokensAt(bucket: Bucket, now: number): number {
    const gained = (Math.max(0, now - bucket.at) / 1000) * this.limits.connectsPerSecondPerIp;
    return Math.min(this.limits.connectBurstPerIp, bucket.tokens + gained);
  }
}

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) counts as `127.0.0.1`. */
export function normalizeIp(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
