import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayEvent, StateOp } from '@portalchat/protocol';
import { makeConfig, operatorAccount } from '../testing/harness';
import { HistoryStore } from './history-store';
import { frameRecord } from './journal-format';
import { recover, snapshotBytes } from './recover';
import { SequencedState, type InputRecord } from './sequenced-state';
import { gatewayRecords, lineEvent, noFault, openEvent, runRecords } from '../testing/replay';

/**
 * A password check's verdict is an input of its own (a `pw` record): a replay applies the verdict
 * as journaled and never hashes. The proof: the journal says `yes` to a wrong password, and the
 * replay still makes the 381 the live run made.
 */

const config = makeConfig({ server: { id: 10, name: 'irc.test' }, operators: [operatorAccount('root', 'hunter2')] });
const WRONG = 'not-the-password';
const line = (text: string): GatewayEvent => lineEvent(1, text);

function records(withVerdict: boolean): InputRecord[] {
  const gw = gatewayRecords();
  const input: InputRecord[] = [
    gw(1000, [{ type: 'hello', instance: 'g1' }, openEvent(1), line('NICK alice'), line('USER a 0 * :A')]),
    // The PING waits behind the check, and is answered after the verdict.
    gw(2000, [line(`OPER root ${WRONG}`), line('PING :held')]),
  ];
  if (withVerdict) input.push({ k: 'pw', t: 2040, id: 1, verdict: 'yes' }, gw(3000, [line('WALLOPS :hello')]));
  return input;
}

describe('password verdicts in the journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'state-verdicts-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The first `split` records live then a snapshot, the rest journaled; the live ops and snapshot. */
  async function history(input: InputRecord[], split: number) {
    rmSync(dir, { recursive: true, force: true });
    const store = new HistoryStore(dir);
    const live = new SequencedState(config, 'lineage-1', 0);
    const ops = runRecords(live, input.slice(0, split));
    const snapshot = snapshotBytes('lineage-1', live);
    store.rotate(1);
    await store.writeSnapshot(1, snapshot);
    for (const record of input.slice(split)) store.append(frameRecord(JSON.stringify(record)));
    store.commit();
    store.close();
    ops.push(...runRecords(live, input.slice(split)));
    return { live: ops, snapshot, liveState: live };
  }

  it('replays a pending check and its verdict to the same numbered outputs, without hashing', async () => {
    const input = records(true);
    for (let split = 0; split <= input.length; split++) {
      const { live } = await history(input, split);
      const recovery = recover(new HistoryStore(dir), config, 99_000, noFault);
      const runs = recovery.sequenced.gatewayBacklog('gw1', 'g1', 0)?.runs ?? [];
      const replayed = runs.flatMap((r) => r.items.map((op, i): [number, StateOp] => [r.first + i, op]));
      expect([split, replayed]).toEqual([split, live]);
      const text = live.map(([, op]) => (op.type === 'send' ? op.line : '')).join('\n');
      // The journal's `yes` stands, though the password is wrong: nothing was hashed again.
      expect(text).toMatch(/381 alice :You are now an IRC operator\r\n:alice MODE alice \+o[\s\S]*PONG irc\.test held/);
      expect(recovery.sequenced.engine.auth.takeRequests()).toEqual([]);
    }
  });

  it('a check the journal has no verdict for is asked again after the restart', async () => {
    const input = records(false);
    // Everything journaled: the replay met the OPER line, so the candidate is known again.
    await history(input, 0);
    let recovery = recover(new HistoryStore(dir), config, 99_000, noFault);
    expect(recovery.sequenced.engine.auth.takeRequests()).toEqual([
      { id: 1, passwordHash: config.operators[0]?.passwordHash, candidate: WRONG },
    ]);
    // The snapshot was taken while the check was pending: it never holds the password, so the
    // check comes back without one (the adapter answers it `unchecked`).
    const { snapshot } = await history(input, input.length);
    expect(snapshot.includes(Buffer.from(WRONG))).toBe(false);
    recovery = recover(new HistoryStore(dir), config, 99_000, noFault);
    const [request] = recovery.sequenced.engine.auth.takeRequests();
    expect(request).toEqual({ id: 1, passwordHash: '', candidate: undefined });
    // The held PING still waits, and goes once the verdict is in.
    recovery.sequenced.apply({ k: 'pw', t: 100_000, id: 1, verdict: 'unchecked' }, noFault);
    const lines = recovery.sequenced
      .drain()
      .gateways.flatMap((d) => d.runs.flatMap((r) => r.items))
      .map((op) => (op.type === 'send' ? op.line : op.type));
    expect(lines).toEqual([
      ':irc.test 491 alice :The password could not be checked; try again\r\n:irc.test PONG irc.test held',
    ]);
  });
});
