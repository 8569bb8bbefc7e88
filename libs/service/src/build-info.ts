import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** What `portalchat_build_info` says about the running code. */
export interface BuildInfo {
  /** The repository's package.json version, or "unknown". */
  version: string;
  /** The git commit the code was built from (40 hex digits), or "unknown" outside a checkout. */
  commit: string;
  /** Node's version without the leading "v". */
  node: string;
}

/** The root package.json's name: where the walk up from the bundle stops. */
const ROOT_PACKAGE = 'portalchat';
const UNKNOWN = 'unknown';
const SHA = /^[0-9a-f]{40}$/;

/**
 * Reads the version and commit of the code in `from` (a directory inside the repository or the
 * deployed tree: dist/apps/<service> or libs/service/src). The version comes from the root
 * package.json, which both the repository and the container image carry; the commit from the
 * `.git` beside it, which only a checkout has. Read once at start, never on a request.
 */
export function readBuildInfo(from: string): BuildInfo {
  const node = process.versions.node;
  const root = findRoot(from);
  if (root === undefined) return { version: UNKNOWN, commit: UNKNOWN, node };
  return { version: root.version, commit: gitCommit(root.dir) ?? UNKNOWN, node };
}

function findRoot(from: string): { dir: string; version: string } | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const version = rootVersion(join(dir, 'package.json'));
    if (version !== undefined) return { dir, version };
    if (dirname(dir) === dir) return undefined;
  }
}

function rootVersion(file: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
    return pkg.name === ROOT_PACKAGE && typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * HEAD's commit, read from the files git keeps (no git binary needed): `.git` is a directory, or
 * in a worktree a file naming one (`gitdir: …`) whose `commondir` holds the shared refs.
 */
function gitCommit(root: string): string | undefined {
  try {
    const dotGit = join(root, '.git');
    if (!existsSync(dotGit)) return undefined;
    const gitDir = readGitDir(dotGit);
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (SHA.test(head)) return head; // detached
    const ref = /^ref: (\S+)$/.exec(head)?.[1];
    if (ref === undefined) return undefined;
    const common = existsSync(join(gitDir, 'commondir'))
      ? resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim())
      : gitDir;
    return looseRef(gitDir, ref) ?? looseRef(common, ref) ?? packedRef(common, ref);
  } catch {
    return undefined;
  }
}

function readGitDir(dotGit: string): string {
  if (statSync(dotGit).isDirectory()) return dotGit;
  const text = readFileSync(dotGit, 'utf8');
  return resolve(dirname(dotGit), text.replace(/^gitdir: /, '').trim());
}

function looseRef(dir: string, ref: string): string | undefined {
  const file = join(dir, ref);
  if (!existsSync(file)) return undefined;
  const sha = readFileSync(file, 'utf8').trim();
  return SHA.test(sha) ? sha : undefined;
}

/** A ref from `packed-refs`: lines of `<sha> <ref>`. */
function packedRef(dir: string, ref: string): string | undefined {
  const file = join(dir, 'packed-refs');
  if (!existsSync(file)) return undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [sha, name] = line.split(' ');
    if (name === ref && sha !== undefined && SHA.test(sha)) return sha;
  }
  return undefined;
}
