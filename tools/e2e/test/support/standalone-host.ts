import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, isPortOpen } from '@portalchat/hosting';
import { eventually } from '@portalchat/testkit';

/** The built standalone host (the e2e `test` target builds it first). */
export const HOST_SCRIPT = resolve(__dirname, '../../../../dist/tools/launcher/host.js');

export interface StandaloneHost {
  name: string;
  irc: { host: string; port: number };
  /** The scratch data directory the host reported; every child's command line names it. */
  dataDir: string;
  /** The NATS URL the host reported. */
  natsUrl: string;
  process: ChildProcess;
  /** Everything the host printed (stdout and stderr). */
  output: () => string;
  /** SIGTERM (or `signal`) and wait; resolves with the exit code or signal. */
  stop: (signal?: NodeJS.Signals) => Promise<number | NodeJS.Signals | null>;
}

/**
 * Runs `node dist/tools/launcher/host.js --name <name> --listen 127.0.0.1:<free port>` and
 * resolves once it prints its ready line.
 */
export async function startStandaloneHost(
  name = 'irc.e2e.test',
  extraArgs: string[] = [],
  timeoutMs = 15_000,
): Promise<StandaloneHost> {
  if (!existsSync(HOST_SCRIPT)) throw new Error(`${HOST_SCRIPT} is missing: build first (npx nx run-many -t build)`);
  const irc = { host: '127.0.0.1', port: await freePort('127.0.0.1') };
  const child = spawn(
    process.execPath,
    [HOST_SCRIPT, '--name', name, '--listen', `${irc.host}:${irc.port}`, ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | NodeJS.Signals | null>((res) =>
    child.once('exit', (code, signal) => res(code ?? signal)),
  );

  const { dataDir, natsUrl } = await new Promise<{ dataDir: string; natsUrl: string }>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`host not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = () => {
      const [, nats, dir] = /^Portalchat host \S+ ready: .* nats (\S+) .* data (\S+)$/m.exec(output) ?? [];
      if (dir === undefined || nats === undefined) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      res({ dataDir: dir, natsUrl: nats });
    };
    child.stdout.on('data', onData);
    void exited.then((status) => {
      clearTimeout(timer);
      rej(new Error(`host exited (${status}) before it was ready:\n${output}`));
    });
  });

  return {
    name,
    irc,
    dataDir,
    natsUrl,
    process: child,
    output: () => output,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** PIDs of live processes whose command line mentions `text` (Linux /proc). */
export function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(join('/proc', entry, 'cmdline'), 'utf8');
      const state = /^State:\s+(\S)/m.exec(readFileSync(join('/proc', entry, 'status'), 'utf8'))?.[1];
      // A zombie has exited already; only its parent's bookkeeping is left.
      if (cmdline.includes(text) && state !== 'Z') pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

/** Waits until no process mentions `text`, or the deadline; returns what is left. */
export async function waitUntilGone(text: string, timeoutMs = 5000): Promise<number[]> {
  await eventually(`no process mentioning ${text}`, () => processesMentioning(text).length === 0, {
    timeoutMs,
    intervalMs: 50,
  }).catch(() => undefined);
  return processesMentioning(text);
}

/**
 * Waits until nothing accepts on host:port; true when closed in time. (A process being killed
 * may vanish from /proc's command lines a moment before its sockets close.)
 */
export async function waitUntilPortClosed(host: string, port: number, timeoutMs = 5000): Promise<boolean> {
  return eventually(`${host}:${port} closed`, async () => !(await isPortOpen(host, port)), {
    timeoutMs,
    intervalMs: 50,
  }).catch(() => false);
}
