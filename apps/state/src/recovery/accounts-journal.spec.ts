import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS, deriveScramKeysSync } from '@portalchat/config';
import type { GatewayEvent } from '@portalchat/protocol';
import { makeConfig } from '../testing/harness';
import { gatewayRecords, lineEvent, noFault, openEvent, runRecords } from '../testing/replay';
import { HistoryStore } from './history-store';
import { frameRecord } from './journal-format';
import { recover, snapshotBytes } from './recover';
import { SequencedState, type InputRecord } from './sequenced-state';

/**
 * Accounts made with REGISTER and read markers survive a restart: the seed of the salts is a
 * journaled record, the derived keys come back in the `pw` verdict, and the snapshot holds the
 * store. Whatever the split between snapshot and journal, the recovered state holds the same
 * account (same salt, same keys) and the same marker, and makes the same next nonce.
 */

const config = makeConfig({ server: { id: 10, name: 'irc.test' }, auth: { ...DEFAULTS.auth, registration: true } });
const line = (text: string): GatewayEvent => lineEvent(1, text);

/** The live run's records, with the verdict the adapter would journal for the REGISTER. */
function records(): InputRecord[] {
  const gw = gatewayRecords();
  const head: InputRecord[] = [
    { k: 'seed', t: 500, seed: 'c2VlZC1vZi10aGUtaGlzdG9yeQ==' },
    gw(1000, [{ type: 'hello', instance: 'g1' }, openEvent(1), line('NICK alice'), line('USER a 0 * :A')]),
    gw(2000, [line('REGISTER * * hunter2')]),
  ];
  const probe = new SequencedState(config, 'lineage-1', 0);
  runRecords(probe, head);
  const [request] = probe.engine.auth.takeRequests();
  if (!request?.derive) throw new Error('REGISTER asked for no derivation');
  const keys = deriveScramKeysSync('hunter2', request.derive.salt, request.derive.iterations);
  return [
    ...head,
    { k: 'pw', t: 2010, id: request.id, verdict: 'yes', keys },
    gw(3000, [line('MARKREAD #x timestamp=2024-01-01T00:00:00.000Z')]),
  ];
}

describe('accounts in the journal and the snapshot', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'state-accounts-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('recovers the account, its marker and the nonce sequence, wherever the snapshot falls', async () => {
    const input = records();
    const live = new SequencedState(config, 'lineage-1', 0);
    runRecords(live, input);
    const account = live.engine.state.registeredAccounts.get('alice');
    expect(account?.credentials).toMatch(/^scram-sha-256\$4096\$/);
    for (let split = 0; split <= input.length; split++) {
      rmSync(dir, { recursive: true, force: true });
      const store = new HistoryStore(dir);
      const before = new SequencedState(config, 'lineage-1', 0);
      runRecords(before, input.slice(0, split));
      store.rotate(1);
      await store.writeSnapshot(1, snapshotBytes('lineage-1', before));
      for (const record of input.slice(split)) store.append(frameRecord(JSON.stringify(record)));
      store.commit();
      store.close();
      const { engine } = recover(new HistoryStore(dir), config, 99_000, noFault).sequenced;
      expect([split, engine.state.registeredAccounts.get('alice')]).toEqual([split, account]);
      expect(engine.state.readMarkers.get('alice')?.get('#x')?.time).toBe(Date.parse('2024-01-01T00:00:00.000Z'));
      expect(engine.state.entropySeed).toBe(live.engine.state.entropySeed);
      expect(engine.state.entropyCounter).toBe(live.engine.state.entropyCounter);
    }
  });
});
