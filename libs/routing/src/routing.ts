/**
 * Where an event goes. Pure: the caller supplies the links and what lies behind each.
 *
 * An event with no targets goes down every link that leads somewhere; with targets it goes down
 * every link behind which a target lies (in a cycle that may be more than one: the dedupe window
 * drops the copies, and a copy that takes the other way round still arrives if one link is slow
 * to be declared dead).
 *
 * A link whose peer's records have not come yet leads nowhere (an empty reach): nothing goes down
 * it, untargeted events included. Its peer may be a server that is split pending, with events held
 * for it that go once its records come (split-hold.ts); a live event sent before them would reach
 * it ahead of those older ones (a restarted portal's clients saw message 13 before 6-12). A peer
 * that is new to the network loses nothing either: the burst it gets once its records came is
 * taken after.
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
    .filter((link) => (targets ? targets.some((t) => link.reach.has(t)) : link.reach.size > 0))
    .map((link) => link.key);
}

/** Whether this server is among an event's targets (no targets: every server). */
export function isForUs(targets: readonly number[] | undefined, ownId: number): boolean {
  return !targets || targets.includes(ownId);
}
