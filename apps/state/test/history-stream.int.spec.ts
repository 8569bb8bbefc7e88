import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { historyStream } from '@portalchat/protocol';
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

/** Every record the stream holds now (its last sequence from JetStream). */
async function loadAll(stream: HistoryStream, nc: NatsConnection): Promise<HistoryRecord[]> {
  const jsm = await jetstreamManager(nc);
  const { state } = await jsm.streams.info(historyStream(10).stream);
  const records: HistoryRecord[] = [];
  await stream.load(state.messages > 0 ? state.last_seq : 0, (r) => records.push(r));
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

  it("appends each turn's records as one message, reads an older state's one-record messages too, in order; a NATS restart keeps them", async () => {
    const stream = new HistoryStream(nc, 10, LIMITS, createLogger('state', { level: 'silent' }));
    await stream.open();
    expect(await loadAll(stream, nc)).toEqual([]);
    const turn: HistoryRecord[] = [1, 2, 3].map((i) => ({ type: 'add', entry: entry(i) }));
    stream.append(turn);
    // What a state before the many-record messages wrote: one record per message.
    const older: HistoryRecord = { type: 'redact', key: '#c', msgid: 'm2' };
    nc.publish(historyStream(10).subject, JSON.stringify(older));
    const next: HistoryRecord = { type: 'add', entry: entry(4) };
    stream.append([next]);
    stream.append([]);
    const expected = [...turn, older, next];
    expect(
      await until(
        () => loadAll(stream, nc),
        (r) => r.length >= 5,
      ),
    ).toEqual(expected);
    const jsm = await jetstreamManager(nc);
    expect((await jsm.streams.info(historyStream(10).stream)).state.messages).toBe(3);

    await nc.close();
    await nats.stop();
    nats = await startTestNats({ port: nats.port, jetstreamDir: dir });
    nc = await connect({ servers: nats.url });
    const again = new HistoryStream(nc, 10, LIMITS, createLogger('state', { level: 'silent' }));
    await again.open();
    expect(await loadAll(again, nc)).toEqual(expected);
  });

  it('holds the appends made before open until it, then reads up to where the stream ended before them', async () => {
    const logger = createLogger('state', { level: 'silent' });
    const first = new HistoryStream(nc, 10, LIMITS, logger);
    expect(await first.open()).toBe(0);
    first.append([1, 2].map((i) => ({ type: 'add', entry: entry(i) })));
    first.append([{ type: 'add', entry: entry(3) }]);
    expect(
      await until(
        () => loadAll(first, nc),
        (r) => r.length >= 3,
      ),
    ).toHaveLength(3);

    // A restarted state: its first records are appended while it opens the stream.
    const next = new HistoryStream(nc, 10, LIMITS, logger);
    next.append([{ type: 'add', entry: entry(4) }]);
    const last = await next.open();
    expect(last).toBe(2);
    const loaded: HistoryRecord[] = [];
    await next.load(last, (r) => loaded.push(r));
    expect(loaded.map((r) => (r.type === 'add' ? r.entry.msgid : ''))).toEqual(['m1', 'm2', 'm3']);
    // The record that waited was not lost: it follows them.
    const all = await until(
      () => loadAll(next, nc),
      (r) => r.length >= 4,
    );
    expect(all.map((r) => (r.type === 'add' ? r.entry.msgid : ''))).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('keeps to the host file maxMessages in messages (JetStream drops the oldest turn)', async () => {
    const stream = new HistoryStream(nc, 10, { ...LIMITS, maxMessages: 2 }, createLogger('state', { level: 'silent' }));
    await stream.open();
    for (const turn of [[1], [2, 3], [4]]) stream.append(turn.map((i) => ({ type: 'add', entry: entry(i) })));
    const loaded = await until(
      () => loadAll(stream, nc),
      (r) => r.some((x) => x.type === 'add' && x.entry.msgid === 'm4'),
    );
    expect(loaded.map((r) => (r.type === 'add' ? r.entry.msgid : ''))).toEqual(['m2', 'm3', 'm4']);
  });
});
