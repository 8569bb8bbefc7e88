import type { Connection } from '../model/types';

/**
 * A fresh batch reference for `conn` (https://ircv3.net/specs/extensions/batch): from a counter on
 * the connection, so references are unique per connection, letters and digits only, and a replay
 * of the journal makes the very same ones.
 */
export function nextBatchRef(conn: Connection): string {
  conn.batchCounter = (conn.batchCounter ?? 0) + 1;
  return `b${conn.batchCounter.toString(36)}`;
}
