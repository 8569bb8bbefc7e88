import { statSync } from 'node:fs';
import type { RunningService } from './service';

/**
 * The host's side of a warm spare's protocol; the service's side is libs/service standby.ts,
 * which speaks the same words (the two libraries do not import each other, so keep them in step):
 * - a spare is started with `--standby`;
 * - once loaded and warm it prints one JSON line on stdout with `"standby": "waiting"`;
 * - the line `go` on its stdin promotes it; the end of its stdin makes it exit.
 */
export const STANDBY_FLAG = '--standby';
const STANDBY_FIELD = 'standby';
const STANDBY_GO = 'go';

/** Whether `line`, from a spare's stdout, says it now stands by. */
export function isStandingByLine(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    const parsed = JSON.parse(line) as Record<string, unknown> | null;
    return parsed?.[STANDBY_FIELD] === 'waiting';
  } catch {
    return false;
  }
}

/**
 * Tells a spare to serve. A spare that died meanwhile cannot read it; its exit is what the
 * supervisor then sees, so a failed write is ignored here.
 */
export function sendGo(spare: RunningService): void {
  const stdin = spare.child.stdin;
  if (!stdin || stdin.destroyed) return;
  stdin.once('error', () => undefined);
  stdin.write(`${STANDBY_GO}\n`);
}

/**
 * Which build of a script is on disk (its modification time and size), to tell a spare started
 * before an upgrade from one that runs the current build. Undefined if the file is not there.
 */
export function scriptVersion(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
}
