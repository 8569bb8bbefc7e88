import { DiscardPolicy, RetentionPolicy, StorageType, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { HistoryConfig } from '@portalchat/config';
import { historyStream } from '@portalchat/protocol';
import type { Logger } from '@portalchat/service';
import type { HistoryRecord } from './engine/history/history-index';
import { decodeRecord, encodeRecord, recordId } from './engine/history/stored-record';

/** JetStream drops a record published twice within this window (a journal replay's re-append). */
const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;
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
 * all back into the engine's index at start, before serving. Retention (count, age, bytes) is the
 * host file's `history` section, applied by JetStream itself. The engine stays pure: this is the
 * adapter's side, as the journal is.
 */
export class HistoryStream {
  private readonly names: { stream: string; subject: string };
  private readonly js;
  private failures = 0;

  constructor(
    private readonly nc: NatsConnection,
    serverId: number,
    private readonly limits: HistoryConfig,
    private readonly logger: Logger,
  ) {
    this.names = historyStream(serverId);
    this.js = jetstream(nc, { checkAPI: false });
  }

  /** Creates the stream, or brings its limits in line with the host file. */
  async open(): Promise<void> {
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
      duplicate_window: DUPLICATE_WINDOW_MS * NS_PER_MS,
      num_replicas: 1,
    };
    try {
      await jsm.streams.info(this.names.stream);
      await jsm.streams.update(this.names.stream, config);
    } catch (err) {
      if (!isStreamNotFound(err)) throw err;
      await jsm.streams.add(config);
    }
  }

  /** Reads every record of the stream, oldest first, into `apply`. */
  async load(apply: (record: HistoryRecord) => void): Promise<HistoryLoad> {
    const started = performance.now();
    const result: HistoryLoad = { records: 0, skipped: 0, bytes: 0, ms: 0 };
    const jsm = await jetstreamManager(this.nc, { checkAPI: false });
    const info = await jsm.streams.info(this.names.stream);
    if (info.state.messages > 0) {
      const consumer = await this.js.consumers.get(this.names.stream);
      const messages = await consumer.consume({ max_messages: 4096 });
      for await (const m of messages) {
        result.bytes += m.data.length;
        const record = decodeRecord(m.string());
        if (record) {
          apply(record);
          result.records++;
        } else {
          result.skipped++;
        }
        if (m.info.pending === 0) break;
      }
      await messages.close();
    }
    result.ms = performance.now() - started;
    return result;
  }

  /**
   * Appends records, in order, as plain publishes to the stream's subject: JetStream stores them
   * all the same, and drops a repeat by its `Nats-Msg-Id`. No per-record ack: waiting for one cost
   * state about 0.1 ms of CPU per message at 1,000 messages a second (docs/benchmarks.md), and a
   * NATS that cannot take them is one state cannot serve through anyway.
   */
  append(records: readonly HistoryRecord[]): void {
    for (const record of records) {
      const h = headers();
      h.set('Nats-Msg-Id', recordId(record));
      try {
        this.nc.publish(this.names.subject, encodeRecord(record), { headers: h });
      } catch (err) {
        if (this.failures++ === 0) this.logger.warn({ err }, 'history stream: append failed');
      }
    }
  }
}

function isStreamNotFound(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /stream not found/i.test(message);
}
