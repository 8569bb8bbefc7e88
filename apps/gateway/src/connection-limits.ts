/** config.limits, the part the gateway enforces before a client reaches state. */
export interface ConnectionLimitConfig {
  maxConnections: number;
  maxConnectionsPerIp: number;
}

/** The text after `ERROR :Closing Link: <ip>` for a refused client (InspIRCd/ircu wording). */
export const Refusal = {
  serverFull: 'Server is full',
  tooManyFromIp: 'Too many connections from your IP address',
} as const;
export type Refusal = (typeof Refusal)[keyof typeof Refusal];

/**
 * Counts this gateway's open connections, in total and per IP, so a full server refuses a
 * client at accept time without a round trip to state. Pure bookkeeping: admit() reserves a
 * slot, release() frees it; every admitted connection must be released exactly once.
 */
export class ConnectionLimits {
  private total = 0;
  private readonly perIp = new Map<string, number>();

  constructor(private readonly limits: ConnectionLimitConfig) {}

  /** Reserves a slot for `ip`, or says why the client is refused (nothing is reserved then). */
  admit(ip: string): Refusal | undefined {
    if (this.total >= this.limits.maxConnections) return Refusal.serverFull;
    const fromIp = this.perIp.get(ip) ?? 0;
    if (fromIp >= this.limits.maxConnectionsPerIp) return Refusal.tooManyFromIp;
    this.total++;
    this.perIp.set(ip, fromIp + 1);
    return undefined;
  }

  release(ip: string): void {
    const fromIp = this.perIp.get(ip);
    if (fromIp === undefined) return;
    this.total--;
    if (fromIp <= 1) this.perIp.delete(ip);
    else this.perIp.set(ip, fromIp - 1);
  }

  get connections(): number {
    return this.total;
  }

  connectionsFrom(ip: string): number {
    return this.perIp.get(ip) ?? 0;
  }
}

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) counts as `127.0.0.1`. */
export function normalizeIp(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
