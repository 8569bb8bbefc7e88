import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Spawning children that cannot outlive us.
 *
 * Two layers, because either alone leaves orphans:
 * - on Linux each child is started through `setpriv --pdeathsig SIGKILL`, so the kernel kills it
 *   even when this process dies without running any JavaScript (SIGKILL, OOM killer);
 * - an `exit` hook SIGKILLs every child still alive when this process exits on its own
 *   (uncaught exception, `process.exit()`), for systems without setpriv.
 *
 * Children also get their own process group (`detached`), so a Ctrl-C in the terminal reaches
 * only the launcher, which then stops them in order instead of all of them dying at once.
 */

const SETPRIV = '/usr/bin/setpriv';
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/** `spawn()` with stdio piped, tracked so the child dies with this process. */
export function spawnOwnedChild(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  installExitHook();
  const usePdeathsig = process.platform === 'linux' && existsSync(SETPRIV);
  const spawnOptions: SpawnOptions = { stdio: 'pipe', detached: true, ...options };
  const child = usePdeathsig
    ? spawn(SETPRIV, ['--pdeathsig', 'SIGKILL', '--', command, ...args], spawnOptions)
    : spawn(command, args, spawnOptions);
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.once('error', () => live.delete(child));
  return child;
}

/** True while the child has neither exited nor failed to start. */
export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && live.has(child);
}

/**
 * SIGTERM, then SIGKILL if the child is still there after `graceMs`. Resolves once it has exited.
 */
export function terminate(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (!isRunning(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Keeps the last `max` lines a child printed, for error messages about why it died. */
export class LineTail {
  private readonly lines: string[] = [];
  constructor(private readonly max = 20) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
  }

  toString(): string {
    return this.lines.join('\n');
  }
}

/** Calls `onLine` for every complete line of `stream` (the last partial line on end). */
export function forEachLine(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      onLine(pending.slice(0, newline).replace(/\r$/, ''));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (pending) onLine(pending);
    pending = '';
  });
}
