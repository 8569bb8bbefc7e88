/**
 * When state's once-a-second tick takes a snapshot (the handling trigger, after a second of
 * handling, is checked as records are taken: nats-adapter.ts). A snapshot bounds what a restart
 * replays; it costs a pause of tens of milliseconds at thousands of users.
 */
export interface SnapshotClock {
  /** Time spent applying the records journaled since the last snapshot (ms). */
  handlingMsSinceSnapshot: number;
  /** …of which in the tick that just ended (ms). */
  handlingMsThisTick: number;
  recordsSinceSnapshot: number;
  msSinceSnapshot: number;
}

/**
 * `idle`: state went nearly idle (under IDLE_TICK_HANDLING_MS of handling in the last tick) with
 * at least MIN_SNAPSHOT_HANDLING_MS of handling not in a snapshot. The end of a storm
 * (registrations, joins, a netjoin) leaves up to a second of replay behind, and an idle state
 * pays nothing for the snapshot; steady chat keeps state busier than this and is not affected.
 * On the restart bench the storm's tail was most of a restart's replay (4,000 joins in the
 * replayed journal, then three seconds of chat).
 * `busy`: BUSY_SNAPSHOT_EVERY_MS passed with as much handling not in a snapshot: steady chat
 * piles up replay too slowly for the handling trigger (a second of it), and a restart replayed
 * everything since the last snapshot on a host whose CPU the load shares (a hub's state: 600-700
 * records, 1.3 s of wall time for 0.55 s of CPU, a pause up to 2.8 s). A snapshot a second
 * keeps that replay under a second of chat, for a pause of 13-25 ms per snapshot at 5,000 users:
 * the fan-out and private-message CPU and p99 did not move beyond their spread (four pairs).
 * Measured on the restart bench: docs/benchmarks.md, "Latest (session 9)".
 * `periodic`: anything changed and `everyMs` passed.
 */
export const IDLE_TICK_HANDLING_MS = 20;
export const MIN_SNAPSHOT_HANDLING_MS = 100;
export const BUSY_SNAPSHOT_EVERY_MS = 1000;

export function snapshotDueAtTick(clock: SnapshotClock, everyMs: number): 'idle' | 'busy' | 'periodic' | undefined {
  if (clock.handlingMsSinceSnapshot >= MIN_SNAPSHOT_HANDLING_MS) {
    if (clock.handlingMsThisTick < IDLE_TICK_HANDLING_MS) return 'idle';
    if (clock.msSinceSnapshot >= BUSY_SNAPSHOT_EVERY_MS) return 'busy';
  }
  if (clock.recordsSinceSnapshot > 0 && clock.msSinceSnapshot >= everyMs) return 'periodic';
  return undefined;
}
