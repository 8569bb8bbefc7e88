import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { HostConfig } from '@portalchat/config';

/**
 * How `npm run ctl` finds a running host: the host process writes its control endpoint's URL
 * and token to `<dataDir>/run/<name>.control.json`, readable by its own user only (mode 0600).
 * Whoever can read that file may restart the host's services; nobody else can.
 */
export interface ControlFile {
  server: string;
  url: string;
  token: string;
  /** The host process's PID. */
  pid: number;
}

export function controlFilePath(config: Pick<HostConfig, 'dataDir' | 'server'>): string {
  return join(config.dataDir, 'run', `${config.server.name}.control.json`);
}

export function writeControlFile(path: string, content: ControlFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(content)}\n`, { mode: 0o600 });
}

export function removeControlFile(path: string): void {
  rmSync(path, { force: true });
}

export class ControlFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ControlFileError';
  }
}

export function readControlFile(path: string): ControlFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'it does not exist: is the host running?'
        : code === 'EACCES'
          ? 'permission denied: run ctl as the user that runs the host'
          : String(err);
    throw new ControlFileError(`cannot read ${path}: ${why}`, { cause: err });
  }
  const parsed = JSON.parse(text) as Partial<ControlFile>;
  if (typeof parsed.url !== 'string' || typeof parsed.token !== 'string' || typeof parsed.server !== 'string') {
    throw new ControlFileError(`${path} is not a control file (url, token and server expected)`);
  }
  return { server: parsed.server, url: parsed.url, token: parsed.token, pid: Number(parsed.pid) };
}
