import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBuildInfo } from './build-info';

const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);

describe('readBuildInfo', () => {
  let root: string;
  let inner: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'build-info-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'portalchat', version: '1.2.3' }));
    inner = join(root, 'dist', 'apps', 'state');
    mkdirSync(inner, { recursive: true });
    // A workspace package.json on the way up is not the root.
    writeFileSync(join(root, 'dist', 'apps', 'package.json'), JSON.stringify({ name: '@portalchat/x', version: '9' }));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds the root package.json version, and says "unknown" for the commit without a .git', () => {
    expect(readBuildInfo(inner)).toEqual({ version: '1.2.3', commit: 'unknown', node: process.versions.node });
  });

  it('reads the branch HEAD points at from a loose ref', () => {
    mkdirSync(join(root, '.git', 'refs', 'heads'), { recursive: true });
    writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(root, '.git', 'refs', 'heads', 'main'), `${SHA_A}\n`);
    expect(readBuildInfo(inner).commit).toBe(SHA_A);
  });

  it('reads a packed ref and a detached HEAD', () => {
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(root, '.git', 'packed-refs'), `# pack-refs with: peeled\n${SHA_B} refs/heads/main\n`);
    expect(readBuildInfo(inner).commit).toBe(SHA_B);
    writeFileSync(join(root, '.git', 'HEAD'), `${SHA_A}\n`);
    expect(readBuildInfo(inner).commit).toBe(SHA_A);
  });

  it('follows a worktree: .git names its own directory, whose commondir holds the refs', () => {
    const common = join(root, 'main.git');
    const own = join(common, 'worktrees', 'wt');
    mkdirSync(join(common, 'refs', 'heads'), { recursive: true });
    mkdirSync(own, { recursive: true });
    writeFileSync(join(root, '.git'), `gitdir: ${own}\n`);
    writeFileSync(join(own, 'HEAD'), 'ref: refs/heads/topic\n');
    writeFileSync(join(own, 'commondir'), '../..\n');
    writeFileSync(join(common, 'refs', 'heads', 'topic'), `${SHA_B}\n`);
    expect(readBuildInfo(inner).commit).toBe(SHA_B);
  });

  it('says "unknown" for both outside any Portalchat tree', () => {
    expect(readBuildInfo(tmpdir())).toMatchObject({ version: 'unknown', commit: 'unknown' });
  });
});
