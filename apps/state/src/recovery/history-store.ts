import {
  closeSync,
  fdatasync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * State's history on disk, in generations: `snapshot-<g>.bin` is the whole state at the start of
 * generation g, and `journal-<g>.log` every input taken after it (journal-format.ts). Recovery
 * loads the newest snapshot that reads and replays the journals from its generation on; the
 * generation before the newest is kept as the fallback for a damaged snapshot.
 *
 * Durability: records are written (one write per event-loop turn, before any output of theirs is
 * published) into the page cache, which survives a crash or kill -9 of the process; fdatasync
 * runs once a second in the background, so a power loss costs at most about a second.
 */
export class HistoryStore {
  private fd: number | undefined;
  private pending: Buffer[] = [];
  private dirty = false;
  private syncing = false;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** Generations that have a snapshot file, newest first. */
  snapshotGenerations(): number[] {
    return this.numbered('snapshot-', '.bin').sort((a, b) => b - a);
  }

  /** Generations that have a journal, oldest first. */
  journalGenerations(): number[] {
    return this.numbered('journal-', '.log').sort((a, b) => a - b);
  }

  readSnapshot(generation: number): Buffer {
    return readFileSync(this.snapshotPath(generation));
  }

  readJournal(generation: number): Buffer {
    return readFileSync(this.journalPath(generation));
  }

  /**
   * Starts generation `generation`: its snapshot is written durably (temp file, fsync, rename)
   * before its journal opens, then generations older than the previous one are removed.
   */
  begin(generation: number, snapshot: Buffer): void {
    this.commit();
    const path = this.snapshotPath(generation);
    const temp = `${path}.tmp`;
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, snapshot);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    const journal = openSync(this.journalPath(generation), 'a');
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = journal;
    for (const g of this.snapshotGenerations()) if (g < generation - 1) rmSync(this.snapshotPath(g), { force: true });
    for (const g of this.journalGenerations()) if (g < generation - 1) rmSync(this.journalPath(g), { force: true });
  }

  /** Queues a framed record; `commit` writes what is queued. */
  append(frame: Buffer): void {
    this.pending.push(frame);
  }

  /** Writes every queued record in one write. Must run before any output of theirs leaves. */
  commit(): void {
    if (this.pending.length === 0 || this.fd === undefined) return;
    const bytes = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.pending = [];
    writeSync(this.fd, bytes);
    this.dirty = true;
  }

  /** Flushes the journal to the disk in the background (the once-a-second timer calls this). */
  syncInBackground(onError: (err: Error) => void): void {
    if (!this.dirty || this.syncing || this.fd === undefined) return;
    this.dirty = false;
    this.syncing = true;
    fdatasync(this.fd, (err) => {
      this.syncing = false;
      // EBADF: the journal was closed meanwhile (a new generation or the stop), after its data was written.
      if (err && err.code !== 'EBADF') onError(err);
    });
  }

  close(): void {
    this.commit();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private numbered(prefix: string, suffix: string): number[] {
    const out: number[] = [];
    for (const name of readdirSync(this.dir)) {
      if (!name.startsWith(prefix) || !name.endsWith(suffix)) continue;
      const n = Number(name.slice(prefix.length, -suffix.length));
      if (Number.isSafeInteger(n) && n > 0) out.push(n);
    }
    return out;
  }

  private snapshotPath(generation: number): string {
    return join(this.dir, `snapshot-${generation}.bin`);
  }

  private journalPath(generation: number): string {
    return join(this.dir, `journal-${generation}.log`);
  }
}
