/** The part of a socket the send queue uses; tests pass a fake. */
export interface OutputSocket {
  write(data: string): boolean;
  /** Bytes Node has buffered for the socket and not yet handed to the kernel. */
  readonly writableLength: number;
}

/**
 * Flushes every dirty SendQueue with one write each, once per event-loop turn (setImmediate).
 * No fixed timer: at light load a line leaves in the turn it was queued, under load many lines
 * share one write(). That syscall is where a fan-out spends most of its CPU, so fewer writes is
 * what makes it cheaper (docs/benchmarks.md, "Where the time goes now").
 */
export class FlushScheduler {
  private readonly dirty = new Set<SendQueue>();
  private scheduled: NodeJS.Immediate | undefined;

  /**
   * `onWrite` sees the byte count of every write (for the bytes_out metric). `onError` hears of a
   * queue whose flush threw; that queue is killed and the others are still flushed.
   */
  constructor(
    private readonly onWrite: (bytes: number) => void = () => {},
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  markDirty(queue: SendQueue): void {
    this.dirty.add(queue);
    this.scheduled ??= setImmediate(() => this.flushAll());
  }

  forget(queue: SendQueue): void {
    this.dirty.delete(queue);
  }

  flushAll(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    // Swapped out first: a flush that fails must not leave the set half-walked for next time.
    const dirty = [...this.dirty];
    this.dirty.clear();
    for (const queue of dirty) {
      try {
        const bytes = queue.flush();
        if (bytes > 0) this.onWrite(bytes);
      } catch (err) {
        queue.kill();
        this.onError(err);
      }
    }
  }
}

/**
 * One connection's output: lines are appended to a string and written by the scheduler. When the
 * bytes waiting here plus those Node buffers for the socket pass `sendQBytes`, the client reads
 * too slowly: the queue goes dead and `onExceeded` drops the client ("SendQ exceeded"), so a slow
 * reader costs memory up to its limit and never holds anyone else back.
 */
export class SendQueue {
  private pending = '';
  private pendingBytes = 0;
  private dead = false;

  constructor(
    private readonly socket: OutputSocket,
    private readonly scheduler: FlushScheduler,
    private readonly sendQBytes: number,
    private readonly onExceeded: () => void,
  ) {}

  /**
   * Queues `line` plus CR-LF. Returns false when the queue is (or just went) dead. `lineBytes`
   * (the UTF-8 length of `line`) saves counting it again when one line goes to many queues.
   */
  push(line: string, lineBytes = Buffer.byteLength(line, 'utf8')): boolean {
    if (this.dead) return false;
    const bytes = lineBytes + 2;
    if (this.pendingBytes + bytes + this.socket.writableLength > this.sendQBytes) {
      this.kill();
      this.onExceeded();
      return false;
    }
    if (this.pendingBytes === 0) this.scheduler.markDirty(this);
    this.pending += line + '\r\n';
    this.pendingBytes += bytes;
    return true;
  }

  /** Writes what is queued now; returns the bytes written. */
  flush(): number {
    if (this.dead || this.pendingBytes === 0) return 0;
    const data = this.pending;
    const bytes = this.pendingBytes;
    this.pending = '';
    this.pendingBytes = 0;
    this.socket.write(data);
    return bytes;
  }

  /** Discards what is queued and accepts nothing more (the connection is going away). */
  kill(): void {
    this.dead = true;
    this.pending = '';
    this.pendingBytes = 0;
    this.scheduler.forget(this);
  }

  get queuedBytes(): number {
    return this.pendingBytes;
  }

  get isDead(): boolean {
    return this.dead;
  }
}
