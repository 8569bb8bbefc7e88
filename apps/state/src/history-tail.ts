import type { HistoryRecord } from './engine/history/history-index';
import type { HistoryStream } from './history-stream';
import type { Logger } from '@portalchat/service';

/**
 * The newest records of a stream, at most `max` of them (the stream's own count limit: it holds
 * no more either), with the sequence of the last one read. Pure.
 */
export class RecordWindow {
  private records: HistoryRecord[] = [];
  private last = 0;
  skipped = 0;

  constructor(private readonly max: number) {}

  /** The records of the message at stream sequence `seq`, and how many of it did not decode. */
  push(records: readonly HistoryRecord[], skipped: number, seq: number): void {
    this.last = Math.max(this.last, seq);
    this.skipped += skipped;
    for (const record of records) this.records.push(record);
    // Trimmed in steps, not at every push: a splice moves the whole array.
    if (this.records.length >= 2 * this.max) this.records = this.records.slice(-this.max);
  }

  get lastSeq(): number {
    return this.last;
  }

  /** What it holds, oldest first. */
  held(): HistoryRecord[] {
    return this.records.length > this.max ? this.records.slice(-this.max) : this.records;
  }
}

/** What a warm spare read of its host's history stream before its promotion. */
export interface HeldHistory {
  records: HistoryRecord[];
  /** The stream sequence of the last record read: the rest starts after it. */
  lastSeq: number;
  skipped: number;
}

/**
 * A warm spare's copy of its host's history stream (HistoryStream), kept current while it stands
 * by. Reading the whole stream at a promotion took 2.3-4.0 s of a 5,000-client state's restart
 * (8,000 records, on two cores shared with the load), all of it before the peers were answered;
 * with this copy, a promoted state reads only what was appended since the last record it holds.
 * It costs the spare a decode per record written, while it stands by.
 */
export class HistoryTail {
  private readonly window: RecordWindow;
  private failed = false;
  private following: { stop(): Promise<void> } | undefined;

  private constructor(
    max: number,
    private readonly logger: Logger,
  ) {
    this.window = new RecordWindow(max);
  }

  /** Starts following `stream`; undefined when it cannot (the promotion then reads it all). */
  static async start(stream: HistoryStream, max: number, logger: Logger): Promise<HistoryTail | undefined> {
    const tail = new HistoryTail(max, logger);
    try {
      tail.following = await stream.follow(
        (records, skipped, seq) => tail.window.push(records, skipped, seq),
        (err) => tail.fail(err),
      );
      return tail;
    } catch (err) {
      logger.warn({ err }, 'history stream: a warm spare could not follow it; a promotion reads it whole');
      return undefined;
    }
  }

  /** Stops following; what was read, or undefined if the following broke (read it whole then). */
  async stop(): Promise<HeldHistory | undefined> {
    await this.following?.stop();
    if (this.failed) return undefined;
    return { records: this.window.held(), lastSeq: this.window.lastSeq, skipped: this.window.skipped };
  }

  private fail(err: unknown): void {
    this.failed = true;
    this.logger.warn({ err }, 'history stream: a warm spare stopped following it; a promotion reads it whole');
  }
}
