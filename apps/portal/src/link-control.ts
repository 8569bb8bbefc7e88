import type { NetEvent, NetOutItem } from '@portalchat/protocol';

/**
 * An operator's SQUIT and CONNECT (issue 12), as the portal carries them out. State sends each as
 * a `link-control` item on the portal stream, addressed to no server; the portal takes them out
 * before routing. A SQUIT closes the link telling the peer why, and both sides split at once (no
 * grace: an operator asked for it); the link stays down (the dialer stopped, the peer's dials
 * refused) until CONNECT, or a restart of this portal, which forgets what was held down.
 */

export type LinkControl = Extract<NetEvent, { type: 'link-control' }>;

/** The link-control items of a batch from state go to `handle`; the rest is returned, in order. */
export function takeLinkControls(items: readonly NetOutItem[], handle: (control: LinkControl) => void): NetOutItem[] {
  const rest: NetOutItem[] = [];
  for (const item of items) {
    if (item.event.type === 'link-control') handle(item.event);
    else rest.push(item);
  }
  return rest;
}

const SQUIT_PREFIX = 'SQUIT by ';

/** The reason a link closed by SQUIT ends with, on this side; the peer reads `refused by peer: <it>`. */
export function squitReason(control: LinkControl): string {
  return `${SQUIT_PREFIX}${control.by}: ${control.reason}`;
}

/** Whether a link ended because of a SQUIT, on this side or the peer's: split it without grace. */
export function endedBySquit(reason: string): boolean {
  return reason.startsWith(SQUIT_PREFIX) || reason.startsWith(`refused by peer: ${SQUIT_PREFIX}`);
}

/** Portals an operator's SQUIT holds down, by portal name, with the reason their links are refused. */
export class HeldLinks {
  private readonly held = new Map<string, string>();

  hold(portal: string, squit: string): void {
    this.held.set(portal, `link closed by an operator (${squit}); it waits for CONNECT`);
  }

  release(portal: string): boolean {
    return this.held.delete(portal);
  }

  reasonFor(portal: string): string | undefined {
    return this.held.get(portal);
  }
}
