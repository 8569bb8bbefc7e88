/**
 * Network-unique user IDs: `<server ID><counter in base 36, 6 digits>` prefixed with a digit-free
 * marker so the ID stays a valid nick (a nick collision loser is renamed to its ID).
 * Example: server 10, counter 1 → `U10A000001`.
 */
export function makeUid(serverId: number, counter: number): string {
  return `U${serverId}A${counter.toString(36).toUpperCase().padStart(6, '0')}`;
}
