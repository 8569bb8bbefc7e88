import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayEvent, StateOp } from '@portalchat/protocol';
import { makeConfig } from '../testing/harness';
import { HistoryStore } from './history-store';
import { frameRecord } from './journal-format';
import { recover, snapshotBytes } from './recover';
import { SequencedState, type InputRecord } from './sequenced-state';
import { gatewayRecords, lineEvent, noFault, openEvent, runRecords } from '../testing/replay';

const config = makeConfig({ server: { id: 10, name: 'irc.test' } });
const open = openEvent;
const line = lineEvent;

/** A gateway's records: a hello, two clients who register, join and talk, at set times. */
function records(): InputRecord[] {
  const gw = gatewayRecords();
  return [
    gw(1000, [{ type: 'hello', instance: 'g1' }, open(1), line(1, 'NICK alice'), line(1, 'USER a 0 * :A')]),
    gw(2000, [open(2), line(2, 'NICK bob'), line(2, 'USER b 0 * :B'), line(2, 'CAP REQ :server-time')]),
    gw(3000, [line(1, 'JOIN #c'), line(2, 'JOIN #c')]),
    gw(4000, [line(1, 'TOPIC #c :hello'), line(1, 'PRIVMSG #c :one')]),
    gw(5000, [line(2, 'PRIVMSG #c :two'), line(1, 'MODE #c +m')]),
  ];
}

describe('state recovery (snapshot + journal replay)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'state-recovery-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the first `split` records live, snapshots, journals the rest; returns the live ops. */
  async function history(split: number): Promise<{ live: [number, StateOp][]; lineage: string }> {
    const store = new HistoryStore(dir);
    const lineage = 'lineage-1';
    const live = new SequencedState(config, lineage, 0);
    const input = records();
    const ops = runRecords(live, input.slice(0, split));
    store.rotate(1);
    await store.writeSnapshot(1, snapshotBytes(lineage, live));
    for (const record of input.slice(split)) store.append(frameRecord(JSON.stringify(record)));
    store.commit();
    store.close();
    ops.push(...runRecords(live, input.slice(split)));
    return { live: ops, lineage };
  }

  it('rebuilds the same state, and makes the same ops under the same numbers, at any split point', async () => {
    for (const split of [0, 2, 5]) {
      rmSync(dir, { recursive: true, force: true });
      const { live, lineage } = await history(split);
      const recovery = recover(new HistoryStore(dir), config, 99_000, noFault);
      expect([split, recovery.outcome, recovery.lineage, recovery.records]).toEqual([
        split,
        'resumed',
        lineage,
        5 - split,
      ]);
      // Nothing was acknowledged: every op is kept (those before the snapshot in it, the others
      // made again by the replay), numbered exactly as it was live.
      const replayed = recovery.sequenced.gatewayBacklog('gw1', 'g1', 0)?.runs ?? [];
      const numbered = replayed.flatMap((r) => r.items.map((op, i): [number, StateOp] => [r.first + i, op]));
      expect(numbered).toEqual(live);
      const { engine } = recovery.sequenced;
      expect(engine.state.channel('#c')?.topic?.text).toBe('hello');
      expect([...(engine.state.channel('#c')?.modes ?? [])]).toContain('m');
      expect([...engine.state.nicks.keys()].sort()).toEqual(['alice', 'bob']);
    }
  });

  it('ignores a record cut short by a crash (it was never acknowledged)', async () => {
    await history(3);
    const journal = join(dir, 'journal-1.log');
    appendFileSync(journal, frameRecord(JSON.stringify(records()[0])).subarray(0, 10));
    const recovery = recover(new HistoryStore(dir), config, 0, noFault);
    expect([recovery.outcome, recovery.records, recovery.problems]).toEqual(['resumed', 2, []]);
  });

  it('lets a recovered state carry on its journal, and a second recovery reads the records after it', async () => {
    const { live, lineage } = await history(2);
    const first = recover(new HistoryStore(dir), config, 0, noFault);
    expect([first.outcome, first.continueJournal, first.nextGeneration]).toEqual(['resumed', 1, 2]);
    // The new instance writes after the old records, and crashes before its first snapshot.
    const store = new HistoryStore(dir);
    store.rotate(first.continueJournal ?? 0);
    const seq = 1 + records().reduce((n, r) => n + (r.k === 'gw' ? r.events.length : 0), 0);
    const more: InputRecord = {
      k: 'gw',
      t: 6000,
      gw: 'gw1',
      gi: 'g1',
      seq,
      ack: 0,
      events: [line(1, 'TOPIC #c :again')],
    };
    store.append(frameRecord(JSON.stringify(more)));
    store.close();
    runRecords(first.sequenced, [more]);
    const second = recover(new HistoryStore(dir), config, 0, noFault);
    expect([second.outcome, second.lineage, second.records, second.problems]).toEqual(['resumed', lineage, 4, []]);
    expect(second.sequenced.engine.state.channel('#c')?.topic?.text).toBe('again');
    expect(second.sequenced.gatewayBacklog('gw1', 'g1', live.length)?.runs.flatMap((r) => r.items)).toEqual(
      first.sequenced.gatewayBacklog('gw1', 'g1', live.length)?.runs.flatMap((r) => r.items),
    );
  });

  it('does not carry on a journal whose last record was torn (it starts a new generation instead)', async () => {
    await history(3);
    appendFileSync(join(dir, 'journal-1.log'), frameRecord(JSON.stringify(records()[0])).subarray(0, 10));
    const recovery = recover(new HistoryStore(dir), config, 0, noFault);
    expect([recovery.outcome, recovery.continueJournal]).toEqual(['resumed', undefined]);
  });

  it('starts empty under a new lineage, and says why, when a journal is damaged mid-way', async () => {
    await history(1);
    const journal = join(dir, 'journal-1.log');
    const bytes = readFileSync(journal);
    bytes[12] = (bytes[12] ?? 0) ^ 0xff; // inside the first record's body
    writeFileSync(journal, bytes);
    const recovery = recover(new HistoryStore(dir), config, 0, noFault);
    expect(recovery.outcome).toBe('lost');
    expect(recovery.lineage).not.toBe('lineage-1');
    expect(recovery.problems).toEqual([
      'journal 1 is damaged at byte 0: the records after it are lost',
      'no usable history: starting empty, every client of this host reconnects',
    ]);
    expect(recovery.sequenced.engine.state.users.size).toBe(0);
  });

  it('falls back to the previous snapshot and its journal when the newest snapshot is damaged', async () => {
    const { lineage } = await history(2);
    // A second generation on top: snapshot 2 of the full state, which then gets damaged.
    const full = new SequencedState(config, lineage, 0);
    runRecords(full, records());
    const store = new HistoryStore(dir);
    store.rotate(2);
    await store.writeSnapshot(2, snapshotBytes(lineage, full));
    store.close();
    truncateSync(join(dir, 'snapshot-2.bin'), 40);
    const recovery = recover(new HistoryStore(dir), config, 0, noFault);
    expect(recovery.outcome).toBe('fallback');
    expect(recovery.problems).toEqual(['snapshot 2 is unusable (checksum mismatch); trying the one before']);
    expect(recovery.records).toBe(3);
    expect(recovery.nextGeneration).toBe(3);
    expect(recovery.sequenced.engine.state.channel('#c')?.topic?.text).toBe('hello');
  });

  it('starts empty with a fresh lineage when there is no history at all', () => {
    const recovery = recover(new HistoryStore(dir), config, 0, noFault);
    expect([recovery.outcome, recovery.records, recovery.problems, recovery.nextGeneration]).toEqual([
      'empty',
      0,
      [],
      1,
    ]);
  });
});

describe('SequencedState admission', () => {
  const batch = (seq: number, events: GatewayEvent[], gi = 'g1') => ({
    v: 1 as const,
    gw: 'gw1',
    gi,
    seq,
    ack: 0,
    events,
  });

  it('takes a new instance only from its first event, skips what it took, refuses a hole', () => {
    const state = new SequencedState(config, 'l', 0);
    expect(state.admitGateway(batch(2, [open(1)]), 1)).toEqual({ skip: 'gap' });
    const first = state.admitGateway(batch(1, [{ type: 'hello', instance: 'g1' }, open(1)]), 1);
    expect(first).toMatchObject({ take: { k: 'gw', seq: 1 } });
    if ('take' in first) state.apply(first.take, noFault);
    expect(state.admitGateway(batch(1, [{ type: 'hello', instance: 'g1' }, open(1)]), 2)).toEqual({
      skip: 'duplicate',
    });
    expect(state.admitGateway(batch(2, [open(1), line(1, 'NICK a')]), 2)).toMatchObject({
      take: { seq: 3, events: [line(1, 'NICK a')] },
    });
    expect(state.admitGateway(batch(9, [line(1, 'x')]), 2)).toEqual({ skip: 'gap' });
    expect(state.admitGateway(batch(3, []), 2)).toEqual({ skip: 'heartbeat' });
  });
});
