/**
 * Where an event goes. Pure: the caller supplies the links and what lies behind each.
 *
 * An event with no targets goes everywhere; with targets it goes down every link behind which a
 * target lies (in a cycle that may be more than one: the dedupe window drops the copies, and a
 * copy that takes the other way round still arrives if one link is slow to be declared dead).
 */

export interface RouteLink<K> {
  key: K;
  peerId: number;
  /** Servers reachable through this link (its peer included). */
  reach: ReadonlySet<number>;
}

/** The links an event must be sent on. `from` is the link it came in on (never sent back). */
export function routeLinks<K>(
  links: readonly RouteLink<K>[],
  targets: readonly number[] | undefined,
  origin: number,
  from?: K,
): K[] {
  return links
    .filter((link) => link.key !== from && link.peerId !== origin)
    .filter((link) => !targets || targets.some((t) => link.reach.has(t)))
    .map((link) => link.key);
}

/** Whether this server is among an event's targets (no targets: every server). */
export function isForUs(targets: readonly number[] | undefined, ownId: number): boolean {
  return !targets || targets.includes(ownId);
}
