import type { PortalConfig } from '@portalchat/config';

export const LinkState = {
  /** Not linked; an uplink portal waits for its next dial. */
  down: 'down',
  /** The stream is open and the handshake runs. */
  handshake: 'handshake',
  up: 'up',
  /** The last handshake was refused (by either side): `reason` says why. */
  refused: 'refused',
} as const;
export type LinkState = (typeof LinkState)[keyof typeof LinkState];

export interface BurstFigures {
  events: number;
  ms: number;
  at: number;
}

/** One configured portal as /readyz shows it. */
export interface PortalStatus {
  name: string;
  serverId: number;
  address: string;
  port: number;
  uplink: boolean;
  state: LinkState;
  /** Why it is down or refused (the last link's end or the refusal). */
  reason?: string;
  since: number;
  peer?: { serverId: number; name: string; description: string };
  eventsIn: number;
  eventsOut: number;
  rttMs?: number;
  lastBurstSent?: BurstFigures;
  lastBurstReceived?: BurstFigures;
}

/** A handshake from a server no portal is configured for: there is no status to put it in. */
export interface StrangerRefusal {
  serverId: number;
  name: string;
  reason: string;
  at: number;
}

const STRANGERS_KEPT = 5;

/** The status of every configured portal plus the last refused strangers. */
export class PortalStatuses {
  private readonly byName = new Map<string, PortalStatus>();
  private readonly strangers: StrangerRefusal[] = [];

  constructor(portals: readonly PortalConfig[], now: number) {
    for (const p of portals) this.add(p, now);
  }

  /** A portal configured now (at start, or at run time: the admin API, a reload). */
  add(p: PortalConfig, now: number): void {
    this.byName.set(p.name, {
      name: p.name,
      serverId: p.serverId,
      address: p.address,
      port: p.port,
      uplink: p.uplink,
      state: LinkState.down,
      reason: p.uplink ? 'not connected yet' : 'waiting for the peer to connect',
      since: now,
      eventsIn: 0,
      eventsOut: 0,
    });
  }

  remove(name: string): void {
    this.byName.delete(name);
  }

  get(name: string): PortalStatus | undefined {
    return this.byName.get(name);
  }

  /** Moves a portal to a new state; a refusal stays visible through the down that follows it. */
  move(name: string, state: LinkState, now: number, reason?: string): void {
    const status = this.byName.get(name);
    if (!status) return;
    if (state === LinkState.down && status.state === LinkState.refused) return;
    if (state !== status.state) status.since = now;
    status.state = state;
    status.reason = reason;
    if (state !== LinkState.up) status.rttMs = undefined;
  }

  stranger(refusal: StrangerRefusal): void {
    this.strangers.unshift(refusal);
    this.strangers.length = Math.min(this.strangers.length, STRANGERS_KEPT);
  }

  list(): PortalStatus[] {
    return [...this.byName.values()].map((s) => ({ ...s }));
  }

  refusedStrangers(): StrangerRefusal[] {
    return [...this.strangers];
  }
}
