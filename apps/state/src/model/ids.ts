/**
 * Network-unique user IDs: `<server ID><counter in base 36, 6+ digits>` prefixed with a
 * letter so the ID stays a valid nick (a nick collision loser is renamed to its ID).
 * Example: server 10, counter 1 → `U10A000001`.
 */
export function makeUid(serverId: number, counter: number): string {
  return `U${serverId}A${counter.toString(36).toUpperCase().padStart(6, '0')}`;
}

/**
 * Where a state instance starts counting user IDs: its start time in seconds × 1000. Peers may
 * still remember the previous instance's users for a moment after a restart; starting above
 * any counter the old instance could have reached (unless it averaged over 1,000 registrations
 * per second for its whole life) keeps a new user from being taken for an old one.
 */
export function uidCounterStart(startedAtMs: number): number {
  return Math.floor(startedAtMs / 1000) * 1000;
}
