import {
  chmodSync,
  closeSync,
  fdatasync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
  writevSync,
} from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * State's history on disk, in generations: `snapshot-<g>.bin` is the whole state at the start of
 * generation g, and `journal-<g>.log` every input taken after it (journal-format.ts). Recovery
 * loads the newest snapshot that reads and replays the journals from its generation on; the
 * generation before the newest is kept as the fallback for a damaged snapshot. A generation's
 * journal opens before its snapshot is written, so a journal always exists for a snapshot.
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
    // Owner only: journals hold every input line, OPER and AUTH passwords included, and snapshots
    // the connections' state. chmod too: a directory made by an older version kept its mode.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
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
   * Starts generation `generation`: what is queued goes to the old journal, and new records to
   * journal-<generation>. Call `writeSnapshot` with the state as it is at this moment next.
   */
  rotate(generation: number): void {
    this.commit();
    const journal = openSync(this.journalPath(generation), 'a', 0o600);
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = journal;
  }

  /**
   * Writes generation `generation`'s snapshot in the background (temp file, fsync, rename), then
   * removes the generations before the previous one. Until the rename, recovery uses the
   * previous snapshot and replays its journal and this generation's: a crash meanwhile loses
   * nothing, and state pauses only to serialise.
   */
  async writeSnapshot(generation: number, snapshot: Buffer): Promise<void> {
    const path = this.snapshotPath(generation);
    const temp = `${path}.tmp`;
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(snapshot);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
    for (const g of this.snapshotGenerations()) if (g < generation - 1) await rm(this.snapshotPath(g), { force: true });
    for (const g of this.journalGenerations()) if (g < generation - 1) await rm(this.journalPath(g), { force: true });
  }

  /** Queues a framed record; `commit` writes what is queued. */
  append(frame: Buffer): void {
    this.pending.push(frame);
  }

  /** Writes every queued record in one write. Must run before any output of theirs leaves. */
  commit(): void {
    if (this.pending.length === 0 || this.fd === undefined) return;
    const frames = this.pending;
    this.pending = [];
    // One gathering write for the turn's records. A short one (more frames than the system's
    // IOV_MAX, a full disk) goes on from where it stopped.
    let written = writevSync(this.fd, frames);
    const total = frames.reduce((n, f) => n + f.length, 0);
    if (written < total) {
      const all = Buffer.concat(frames);
      while (written < total) written += writeSync(this.fd, all, written);
    }
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

  /** Removes a file of an unfinished snapshot write (a crash during one), so it is not mistaken for data. */
  removeLeftovers(): void {
    for (const name of readdirSync(this.dir)) if (name.endsWith('.tmp')) rmSync(join(this.dir, name), { force: true });
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
