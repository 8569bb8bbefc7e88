import type { NetEvent, NetOutItem } from '@portalchat/protocol';

/**
 * Network events caused on this host (by local clients, a local KILL, a nick collision lost by a
 * local user), collected during a turn and handed to the portal by the adapter, like the Outbox.
 *
 * Disabled when the host has no portal configured: nothing would read the events, and the
 * message hot path then does not build them at all. Handlers still call `emit` unconditionally.
 */
export class NetOutbox {
  private items: NetOutItem[] = [];

  /** `enabled` turns on when a reload adds the first portal (StateEngine.reconfigure). */
  constructor(public enabled: boolean) {}

  /** One change for the network; `targets` limits it to those servers (absent: all servers). */
  emit(event: NetEvent, targets?: number[]): void {
    if (!this.enabled) return;
    this.items.push(targets ? { event, targets } : { event });
  }

  /** Hands over what was emitted since the last call, in order. */
  drain(): NetOutItem[] {
    const out = this.items;
    this.items = [];
    return out;
  }

  get isEmpty(): boolean {
    return this.items.length === 0;
  }
}
