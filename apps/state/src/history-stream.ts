import { DiscardPolicy, RetentionPolicy, StorageType, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { HistoryConfig } from '@portalchat/config';
import { historyStream } from '@portalchat/protocol';
import { maxPayload, type Logger } from '@portalchat/service';
import type { HistoryRecord } from './engine/history/history-index';
import { decodeMessage, encodeRecords } from './engine/history/stored-record';

const NS_PER_MS = 1_000_000;

/** What loading the stream found. */
export interface HistoryLoad {
  records: number;
  skipped: number;
  bytes: number;
  ms: number;
}

/**
 * The host's history stream in its NATS JetStream (file storage under the host's data directory,
 * so a NATS restart keeps it): state appends every history entry and redaction here, and reads it
 * all back into the engine's index at start, while it serves already (app.ts, history-gate.ts).
 * Appends made before the stream is open wait for it, so that none is lost to a stream not yet
 * created and the load knows where the stream ended before this state wrote to it. Retention
 * (count, age, bytes) is the host file's `history` section, applied by JetStream itself; as a
 * message holds a turn's records, the count bounds messages, so the stream keeps at least
 * `maxMessages` records (the bytes bound the rest) and loading drops what the index would not
 * keep. The engine stays pure: this is the adapter's side, as the journal is.
 */
export class HistoryStream {
  private readonly names: { stream: string; subject: string };
  private readonly js;
  private failures = 0;
  /** Turns' records appended before `open` finished, in order; undefined once it did. */
  private waiting: HistoryRecord[][] | undefined = [];

  constructor(
    private readonly nc: NatsConnection,
    serverId: number,
    private readonly limits: HistoryConfig,
    private readonly logger: Logger,
  ) {
    this.names = historyStream(serverId);
    this.js = jetstream(nc, { checkAPI: false });
  }

  /**
   * Creates the stream, or brings its limits in line with the host file, then sends the appends
   * that waited. Returns the stream's last sequence before them: what `load` reads (0: empty).
   * Failed or not, appends go straight to the stream afterwards.
   */
  async open(): Promise<number> {
    try {
      const jsm = await jetstreamManager(this.nc, { checkAPI: false });
      const config = {
        name: this.names.stream,
        subjects: [this.names.subject],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        discard: DiscardPolicy.Old,
        max_msgs: this.limits.maxMessages,
        max_age: this.limits.maxAgeSeconds * 1000 * NS_PER_MS,
        max_bytes: this.limits.maxBytes,
        num_replicas: 1,
      };
      try {
        const info = await jsm.streams.update(this.names.stream, config);
        return info.state.messages > 0 ? info.state.last_seq : 0;
      } catch (err) {
        if (!isStreamNotFound(err)) throw err;
        await jsm.streams.add(config);
        return 0;
      }
    } finally {
      const waiting = this.waiting ?? [];
      this.waiting = undefined;
      for (const records of waiting) this.append(records);
    }
  }

  /** Reads the records of the stream up to sequence `last` (what `open` returned), oldest first, into `apply`. */
  async load(last: number, apply: (record: HistoryRecord) => void): Promise<HistoryLoad> {
    const started = performance.now();
    const result: HistoryLoad = { records: 0, skipped: 0, bytes: 0, ms: 0 };
    if (last > 0) {
      const consumer = await this.js.consumers.get(this.names.stream);
      const messages = await consumer.consume({ max_messages: 4096 });
      for await (const m of messages) {
        result.bytes += m.data.length;
        const { records, skipped } = decodeMessage(m.string());
        for (const record of records) apply(record);
        result.records += records.length;
        result.skipped += skipped;
        // What this state appended since is in its index already.
        if (m.seq >= last || m.info.pending === 0) break;
      }
      await messages.close();
    }
    result.ms = performance.now() - started;
    return result;
  }

  /**
   * Appends a turn's records, in order, as plain publishes to the stream's subject: one message
   * for the turn (stored-record.ts), split only past NATS's largest payload. No ack: waiting for one
   * cost state about 0.1 ms of CPU per message at 1,000 messages a second (docs/benchmarks.md), and
   * a NATS that cannot take them is one state cannot serve through anyway. No message ID either: a
   * journal replay's re-append of what the stream holds is dropped by the loader (app.ts), and a
   * copy that slips through (a crash between the publish and JetStream storing it) is stored twice
   * and loaded once.
   */
  append(records: readonly HistoryRecord[]): void {
    if (records.length === 0) return;
    if (this.waiting) {
      this.waiting.push([...records]);
      return;
    }
    try {
      for (const message of encodeRecords(records, maxPayload(this.nc))) this.nc.publish(this.names.subject, message);
    } catch (err) {
      if (this.failures++ === 0) this.logger.warn({ err }, 'history stream: append failed');
    }
  }
}

function isStreamNotFound(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /stream not found/i.test(message);
}
