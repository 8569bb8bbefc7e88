import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { REGISTERED_SNAPSHOT_VERSION, type RegisteredSnapshot } from '../engine/registered-channels';

/**
 * The registered-channel store: one JSON document per channel in `<dataDir>/channels/`. Used
 * only by the adapter side (persistence/registered-persistence.ts); the engine never does I/O.
 *
 * Crash safety: write-file-atomic writes a document to a temporary file beside it, fsyncs it and
 * renames it over the target (POSIX rename is atomic); then the directory is fsynced here, which
 * write-file-atomic does not do, so the rename itself survives a power loss. After a crash a
 * channel's file holds either the old document or the new one, never half of one. Temporary files
 * a crash left behind are removed at load. Operations run one at a time, in the order they were
 * asked for.
 */

/** Thrown (as `cause` is kept) when a store operation fails; the caller logs it and retries later. */
export class ChannelStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChannelStoreError';
  }
}

const SUFFIX = '.json';
/** File names stay well below NAME_MAX (255 bytes) on every common file system. */
const MAX_ENCODED = 200;

/**
 * The file name of a channel, from its case-folded name: `c-<base64url>.json`, reversible and free
 * of `/`, `.` tricks and case issues; a name too long for that is hashed (`h-<sha256>.json`).
 */
export function channelFileName(folded: string): string {
  const encoded = Buffer.from(folded, 'utf8').toString('base64url');
  if (encoded.length <= MAX_ENCODED) return `c-${encoded}${SUFFIX}`;
  return `h-${createHash('sha256').update(folded, 'utf8').digest('hex')}${SUFFIX}`;
}

/** What loading found: the documents, and what was skipped (unreadable or of another version). */
export interface LoadResult {
  snapshots: RegisteredSnapshot[];
  skipped: { file: string; reason: string }[];
}

export class ChannelStore {
  private queue: Promise<unknown> = Promise.resolve();
  private dirReady = false;

  constructor(readonly dir: string) {}

  /** Every stored channel (a missing directory is an empty store). Removes leftover temp files. */
  async loadAll(): Promise<LoadResult> {
    const result: LoadResult = { snapshots: [], skipped: [] };
    let files: string[];
    try {
      files = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return result;
      throw new ChannelStoreError(`cannot read ${this.dir}`, { cause: err });
    }
    for (const file of files.sort()) {
      const path = join(this.dir, file);
      if (isLeftoverTemp(file)) {
        // A write that crashed before its rename: the target still holds the previous document.
        await unlink(path).catch(() => undefined);
        continue;
      }
      if (!file.endsWith(SUFFIX)) continue;
      try {
        const doc = JSON.parse(await readFile(path, 'utf8')) as Partial<RegisteredSnapshot>;
        const reason = problemOf(doc);
        if (reason) result.skipped.push({ file, reason });
        else result.snapshots.push(doc as RegisteredSnapshot);
      } catch (err) {
        result.skipped.push({ file, reason: err instanceof Error ? err.message : String(err) });
      }
    }
    return result;
  }

  /** Writes (or replaces) a channel's document atomically. Resolves once it is durable. */
  save(snapshot: RegisteredSnapshot, folded: string): Promise<void> {
    return this.enqueue(async () => {
      await this.ensureDir();
      const target = join(this.dir, channelFileName(folded));
      try {
        // fsync: true is its default; spelled out because durability is the point. It removes
        // its temporary file itself when a write fails.
        await writeFileAtomic(target, `${JSON.stringify(snapshot, null, 2)}\n`, {
          encoding: 'utf8',
          mode: 0o600,
          fsync: true,
        });
      } catch (err) {
        this.dirReady = false; // the directory may have been removed: make it again next time
        throw new ChannelStoreError(`cannot write ${target}`, { cause: err });
      }
      await this.syncDir();
    });
  }

  /** Deletes a channel's document (nothing to delete is fine). */
  remove(folded: string): Promise<void> {
    return this.enqueue(async () => {
      const target = join(this.dir, channelFileName(folded));
      try {
        await unlink(target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw new ChannelStoreError(`cannot delete ${target}`, { cause: err });
      }
      await this.syncDir();
    });
  }

  /** Resolves when every operation asked for so far has finished (for a clean stop). */
  async idle(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const run = this.queue.catch(() => undefined).then(op);
    this.queue = run;
    return run;
  }

  private async ensureDir(): Promise<void> {
    if (this.dirReady) return;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    this.dirReady = true;
  }

  /** Makes a rename or unlink durable: the directory entry itself must reach the disk. */
  private async syncDir(): Promise<void> {
    const handle = await open(this.dir, 'r');
    try {
      await handle.sync();
    } catch (err) {
      // Some file systems (and Windows) refuse fsync on a directory; the rename stays atomic.
      if ((err as NodeJS.ErrnoException).code !== 'EISDIR' && (err as NodeJS.ErrnoException).code !== 'EINVAL')
        throw err;
    } finally {
      await handle.close();
    }
  }
}

/**
 * A temporary file of an interrupted write: named after its channel's file plus a suffix
 * (write-file-atomic appends `.<number>`; older versions of this store appended `.<pid>.<n>.tmp`).
 */
function isLeftoverTemp(file: string): boolean {
  return /^[ch]-/.test(file) && !file.endsWith(SUFFIX) && file.includes(`${SUFFIX}.`);
}

/** Why a parsed document is not a snapshot this version can restore, or undefined. */
function problemOf(doc: Partial<RegisteredSnapshot>): string | undefined {
  if (doc === null || typeof doc !== 'object') return 'not a JSON object';
  if (doc.v !== REGISTERED_SNAPSHOT_VERSION) return `unsupported version ${JSON.stringify(doc.v)}`;
  if (typeof doc.name !== 'string' || doc.name === '') return 'no channel name';
  if (typeof doc.createdAt !== 'number' || typeof doc.modes !== 'string') return 'no createdAt or modes';
  if (!doc.lists || !Array.isArray(doc.lists.b) || !Array.isArray(doc.lists.e) || !Array.isArray(doc.lists.I))
    return 'no lists';
  if (!doc.props || typeof doc.props !== 'object' || !Array.isArray(doc.access)) return 'no props or access';
  return undefined;
}
