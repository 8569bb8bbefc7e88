import fs, {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegisteredSnapshot } from '../engine/registered-channels';
import { ChannelStore, channelFileName } from './channel-store';

function snapshot(name: string, subject = 'hi'): RegisteredSnapshot {
  return {
    v: 1,
    name,
    createdAt: 1_700_000_000_000,
    modes: 'nrt',
    topic: { text: 'topic', setBy: 'srv', setAt: 1 },
    lists: { b: [], e: [], I: [] },
    props: { SUBJECT: subject },
    access: [{ level: 'OWNER', mask: 'a!*@*$*', expiresAt: 0, setBy: 'srv', setAt: 1, reason: '', byOwner: true }],
  };
}

describe('ChannelStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'portalchat-store-')), 'channels');
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('loads nothing from a directory that does not exist yet', async () => {
    expect(await new ChannelStore(dir).loadAll()).toEqual({ snapshots: [], skipped: [] });
  });

  it('writes documents and loads them back in a new store', async () => {
    const store = new ChannelStore(dir);
    await store.save(snapshot('#Lobby'), '#lobby');
    await store.save(snapshot('#Other'), '#other');
    const loaded = await new ChannelStore(dir).loadAll();
    expect(loaded.snapshots.map((s) => s.name).sort()).toEqual(['#Lobby', '#Other']);
    expect(loaded.snapshots.find((s) => s.name === '#Lobby')).toEqual(snapshot('#Lobby'));
  });

  it('replaces a document, keeping the last write when writes queue up', async () => {
    const store = new ChannelStore(dir);
    void store.save(snapshot('#a', 'one'), '#a');
    void store.save(snapshot('#a', 'two'), '#a');
    await store.save(snapshot('#a', 'three'), '#a');
    const { snapshots } = await store.loadAll();
    expect(snapshots.map((s) => s.props['SUBJECT'])).toEqual(['three']);
    expect(readdirSync(dir)).toEqual([channelFileName('#a')]);
  });

  it('deletes a document; deleting one that is not there is fine', async () => {
    const store = new ChannelStore(dir);
    await store.save(snapshot('#a'), '#a');
    await store.remove('#a');
    await store.remove('#never');
    expect((await store.loadAll()).snapshots).toEqual([]);
  });

  it('derives safe file names from the folded name', () => {
    expect(channelFileName('#lobby')).toBe(`c-${Buffer.from('#lobby').toString('base64url')}.json`);
    expect(channelFileName('#../../etc')).not.toContain('/');
    const long = channelFileName(`#${'x'.repeat(199)}`);
    expect(long).toMatch(/^h-[0-9a-f]{64}\.json$/);
  });

  it.each([
    ['write-file-atomic', '.json.2718281828'],
    ['an older version of this store', '.json.999.1.tmp'],
  ])(
    'a write interrupted before its rename (temp file of %s) leaves the old document; the temp file is cleaned up',
    async (_, tempSuffix) => {
      const store = new ChannelStore(dir);
      await store.save(snapshot('#a', 'old'), '#a');
      // What a crash between writing the temp file and renaming it leaves behind.
      const target = join(dir, channelFileName('#a'));
      const temp = `${target.slice(0, -'.json'.length)}${tempSuffix}`;
      writeFileSync(temp, '{"v":1,"name":"#a", half a docu');
      writeFileSync(join(dir, 'notes.txt'), 'not ours');
      const loaded = await new ChannelStore(dir).loadAll();
      expect(loaded.snapshots.map((s) => s.props['SUBJECT'])).toEqual(['old']);
      expect(loaded.skipped).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual([channelFileName('#a'), 'notes.txt']);
      expect((JSON.parse(readFileSync(target, 'utf8')) as { props: Record<string, string> }).props['SUBJECT']).toBe(
        'old',
      );
    },
  );

  it('fsyncs the document before renaming it into place, then fsyncs the directory', async () => {
    // Durability cannot be seen from outside without pulling the plug, so watch the calls
    // (the spies call through to the real file system).
    const fsync = jest.spyOn(fs, 'fsync');
    const rename = jest.spyOn(fs, 'rename');
    const probe = await fs.promises.open(join(dir, '..'), 'r');
    await probe.close();
    // FileHandle is not exported as a class; its prototype is shared by every handle.
    const dirSync = jest.spyOn(Object.getPrototypeOf(probe) as FileHandle, 'sync');
    const openDir = jest.spyOn(fs.promises, 'open');
    try {
      await new ChannelStore(dir).save(snapshot('#a'), '#a');
      const target = join(dir, channelFileName('#a'));
      expect(fsync).toHaveBeenCalledTimes(1);
      expect(rename).toHaveBeenCalledTimes(1);
      expect(rename.mock.calls[0]?.[1]).toBe(target);
      expect(openDir).toHaveBeenLastCalledWith(dir, 'r');
      expect(dirSync).toHaveBeenCalledTimes(1);
      const order = (spy: jest.SpyInstance) => spy.mock.invocationCallOrder[0] ?? -1;
      expect(order(fsync)).toBeLessThan(order(rename));
      expect(order(rename)).toBeLessThan(order(dirSync));
      expect(readdirSync(dir)).toEqual([channelFileName('#a')]);
      expect(statSync(target).mode & 0o777).toBe(0o600);
    } finally {
      for (const spy of [fsync, rename, openDir, dirSync]) spy.mockRestore();
    }
  });

  it('skips documents it cannot read, saying why', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'c-bad.json'), 'not json');
    writeFileSync(join(dir, 'c-new.json'), JSON.stringify({ ...snapshot('#n'), v: 2 }));
    const { snapshots, skipped } = await new ChannelStore(dir).loadAll();
    expect(snapshots).toEqual([]);
    expect(skipped.map((s) => s.file)).toEqual(['c-bad.json', 'c-new.json']);
    expect(skipped[1]?.reason).toBe('unsupported version 2');
  });

  it('rejects a failed write, and the next one succeeds', async () => {
    const store = new ChannelStore(dir);
    writeFileSync(join(dir, '..', 'blocker'), '');
    const blocked = new ChannelStore(join(dir, '..', 'blocker', 'channels'));
    await expect(blocked.save(snapshot('#a'), '#a')).rejects.toThrow(/ENOTDIR|cannot write/);
    await store.save(snapshot('#a'), '#a');
    expect(existsSync(join(dir, channelFileName('#a')))).toBe(true);
  });
});
