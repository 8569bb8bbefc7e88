import { randomBytes } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { HostConfig } from '@portalchat/config';
import type { HistoryStore } from './history-store';
import { frameSnapshot, readRecords, unframeSnapshot } from './journal-format';
import { SequencedState, type InputRecord, type SequencedStateData } from './sequenced-state';

/** What a snapshot file holds (v8-serialised, so Maps, Sets and shared objects come back as they were). */
interface SnapshotContent {
  format: 1;
  lineage: string;
  data: SequencedStateData;
}

export interface Recovery {
  sequenced: SequencedState;
  /** The history this state carries on (see StateHello); new when it starts empty. */
  lineage: string;
  /** The generation the recovered state is saved as (HistoryStore.begin). */
  nextGeneration: number;
  /**
   * The newest journal, when the history was read to its end without a fault: new records may
   * follow it there, so the new instance need not save a snapshot before it serves.
   */
  continueJournal: number | undefined;
  /**
   * `resumed`: from the newest snapshot and every record after it. `fallback`: the newest snapshot
   * did not read, an older one and its journals did; nothing is lost either way. `empty`: no
   * history on disk (a first start). `lost`: history on disk that could not be used in full;
   * state starts empty with a new lineage, so the gateways drop their clients instead of serving
   * them from a state that forgot part of what it acknowledged.
   */
  outcome: 'resumed' | 'fallback' | 'empty' | 'lost';
  records: number;
  /** Time spent reading and restoring the snapshot, and replaying the journals after it (ms). */
  loadMs: number;
  replayMs: number;
  /** What went wrong on the way, one clear sentence each (logged, and counted in a metric). */
  problems: string[];
}

/**
 * Rebuilds state from its history: the newest snapshot that reads, then every journal record
 * after it, applied exactly as they were live (same clock values, same outputs and numbers; the
 * outputs stay kept until the gateways and the portal acknowledge them).
 */
export function recover(
  store: HistoryStore,
  config: HostConfig,
  now: number,
  onFault: (err: unknown, what: string) => void,
): Recovery {
  const problems: string[] = [];
  const snapshots = store.snapshotGenerations();
  const journals = store.journalGenerations();
  for (const [index, generation] of snapshots.entries()) {
    const loadStarted = performance.now();
    const content = readSnapshot(store, generation, problems);
    if (!content) continue;
    const sequenced = new SequencedState(config, content.lineage, now);
    sequenced.restoreData(content.data);
    const replayStarted = performance.now();
    const replay = replayJournals(store, sequenced, generation, journals, onFault, problems);
    if (!replay.complete) break;
    // The replay's outputs are numbered and kept, not sent: the peers ask for what they miss
    // when they hear the new instance's hello (and get each op once, under its old number).
    sequenced.drain();
    // Failures met in the replay were logged when they happened. Checks the journal holds no
    // verdict for stay: the adapter runs them when it starts.
    sequenced.engine.auth.takeReports();
    const last = Math.max(generation, ...journals);
    const newestJournal = journals.at(-1);
    return {
      sequenced,
      lineage: content.lineage,
      nextGeneration: last + 1,
      // Not after a torn record: what followed it would read as damage.
      continueJournal:
        replay.endsClean && newestJournal !== undefined && newestJournal >= generation ? newestJournal : undefined,
      outcome: index === 0 ? 'resumed' : 'fallback',
      records: replay.records,
      loadMs: replayStarted - loadStarted,
      replayMs: performance.now() - replayStarted,
      problems,
    };
  }
  const lineage = randomBytes(6).toString('hex');
  const last = Math.max(0, ...snapshots, ...journals);
  const outcome = snapshots.length > 0 || journals.length > 0 ? 'lost' : 'empty';
  if (outcome === 'lost') problems.push('no usable history: starting empty, every client of this host reconnects');
  return {
    sequenced: new SequencedState(config, lineage, now),
    lineage,
    nextGeneration: last + 1,
    continueJournal: undefined,
    outcome,
    records: 0,
    loadMs: 0,
    replayMs: 0,
    problems,
  };
}

/** The snapshot file a store keeps for `lineage` and the state as it is now. */
export function snapshotBytes(lineage: string, sequenced: SequencedState): Buffer {
  const content: SnapshotContent = { format: 1, lineage, data: sequenced.captureData() };
  return frameSnapshot(serialize(content));
}

function readSnapshot(store: HistoryStore, generation: number, problems: string[]): SnapshotContent | undefined {
  try {
    const framed = unframeSnapshot(store.readSnapshot(generation));
    if ('problem' in framed) {
      problems.push(`snapshot ${generation} is unusable (${framed.problem}); trying the one before`);
      return undefined;
    }
    const content = deserialize(framed.payload) as Partial<SnapshotContent> | null;
    if (content?.format !== 1 || typeof content.lineage !== 'string' || !content.data) {
      problems.push(`snapshot ${generation} is unusable (unknown content); trying the one before`);
      return undefined;
    }
    return content as SnapshotContent;
  } catch (err) {
    problems.push(`snapshot ${generation} is unusable (${(err as Error).message}); trying the one before`);
    return undefined;
  }
}

/** Applies the journals of `from` and later, in order; incomplete when one is missing or damaged. */
function replayJournals(
  store: HistoryStore,
  sequenced: SequencedState,
  from: number,
  journals: readonly number[],
  onFault: (err: unknown, what: string) => void,
  problems: string[],
): { complete: boolean; records: number; endsClean: boolean } {
  let records = 0;
  let expected = from;
  let endsClean = true;
  for (const generation of journals) {
    if (generation < from) continue;
    if (generation !== expected) {
      problems.push(`journal ${expected} is missing: the history after snapshot ${from} has a gap`);
      return { complete: false, records, endsClean };
    }
    expected++;
    const contents = readRecords(store.readJournal(generation));
    for (const json of contents.records) {
      sequenced.apply(JSON.parse(json) as InputRecord, onFault);
      records++;
    }
    if (contents.end.kind === 'damaged') {
      problems.push(`journal ${generation} is damaged at byte ${contents.end.offset}: the records after it are lost`);
      return { complete: false, records, endsClean };
    }
    endsClean = contents.end.kind === 'clean';
  }
  return { complete: true, records, endsClean };
}
