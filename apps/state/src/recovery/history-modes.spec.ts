import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryStore } from './history-store';

/** Journals hold every input line, OPER passwords included: owner-only files in an owner-only directory. */
describe('HistoryStore file modes', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'history-modes-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const mode = (path: string) => statSync(path).mode & 0o777;

  it('makes the directory 0700 and the journal and snapshot 0600, whatever the umask', async () => {
    const old = process.umask(0o022);
    try {
      const dir = join(root, 'state');
      const store = new HistoryStore(dir);
      store.rotate(1);
      store.append(Buffer.from('OPER boss secret\n'));
      store.commit();
      await store.writeSnapshot(1, Buffer.from('snapshot'));
      store.close();
      expect(mode(dir)).toBe(0o700);
      expect(mode(join(dir, 'journal-1.log'))).toBe(0o600);
      expect(mode(join(dir, 'snapshot-1.bin'))).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });

  it('tightens a directory an older version made 0755', () => {
    const dir = join(root, 'state');
    mkdirSync(dir, { mode: 0o755 });
    new HistoryStore(dir).close();
    expect(mode(dir)).toBe(0o700);
  });
});
