import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startTestNats, type TestNats } from '@portalchat/testkit';
import { createLogger } from '@portalchat/service';
import type { HistoryEntry } from '../src/engine/history/entry';
import type { HistoryRecord } from '../src/engine/history/history-index';
import { HistoryStream } from '../src/history-stream';

const LIMITS = { enabled: true, maxMessages: 1000, maxAgeSeconds: 3600, maxBytes: 1 << 20 };

function entry(i: number): HistoryEntry {
  return {
    key: '#c',
    msgid: `m${i}`,
    time: 1000 + i,
    command: 'PRIVMSG',
    prefix: 'a!a@h',
    params: ['#c', `line ${i}`],
    from: 'U1',
  };
}

async function loadAll(stream: HistoryStream): Promise<HistoryRecord[]> {
  const records: HistoryRecord[] = [];
  await stream.load((r) => records.push(r));
  return records;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await read();
    if (done(value) || i > 100) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('HistoryStream (real nats-server with JetStream)', () => {
  let dir: string;
  let nats: TestNats;
  let nc: NatsConnection;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'history-stream-'));
    nats = await startTestNats({ jetstreamDir: dir });
    nc = await connect({ servers: nats.url });
  });

  afterEach(async () => {
    await nc.close();
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends records, drops a repeat by its message ID, and reads them back in order; a NATS restart keeps them', async () => {
    const stream = new HistoryStream(nc, 10, LIMITS, createLogger('state', { level: 'silent' }));
    await stream.open();
    expect(await loadAll(stream)).toEqual([]);
    const records: HistoryRecord[] = [1, 2, 3].map((i) => ({ type: 'add', entry: entry(i) }));
    stream.append(records);
    stream.append([records[0] as HistoryRecord, { type: 'redact', key: '#c', msgid: 'm2' }]);
    const expected = [...records, { type: 'redact', key: '#c', msgid: 'm2' }];
    expect(
      await until(
        () => loadAll(stream),
        (r) => r.length >= 4,
      ),
    ).toEqual(expected);

    await nc.close();
    await nats.stop();
    nats = await startTestNats({ port: nats.port, jetstreamDir: dir });
    nc = await connect({ servers: nats.url });
    const again = new HistoryStream(nc, 10, LIMITS, createLogger('state', { level: 'silent' }));
    await again.open();
    expect(await loadAll(again)).toEqual(expected);
  });

  it('keeps to the host file maxMessages (JetStream drops the oldest)', async () => {
    const stream = new HistoryStream(nc, 10, { ...LIMITS, maxMessages: 2 }, createLogger('state', { level: 'silent' }));
    await stream.open();
    stream.append([1, 2, 3].map((i) => ({ type: 'add', entry: entry(i) })));
    const loaded = await until(
      () => loadAll(stream),
      (r) => r.some((x) => x.type === 'add' && x.entry.msgid === 'm3'),
    );
    expect(loaded.map((r) => (r.type === 'add' ? r.entry.msgid : ''))).toEqual(['m2', 'm3']);
  });
});
