import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** A free TCP port on loopback; `taken` keeps the ports of one deployment distinct. */
export async function freeLoopbackPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, LOOPBACK, () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port > 0 && !taken.has(port)) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free loopback port after 50 attempts');
}

/** Resolves once something accepts on host:port (polls every 50 ms, at most `timeoutMs`). */
export async function waitForListener(
  host: string,
  port: number,
  timeoutMs: number,
  alive: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the server for ${host}:${port} exited during start-up`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
}

export interface ExternalProcess {
  child: ChildProcess;
  /** The last output lines, to explain a failed start. */
  output(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

/**
 * Runs a foreground server binary. `setpriv --pdeathsig` kills it if the benchmark dies, and
 * it keeps its own pid (setpriv execs), so /proc figures are the server's own.
 */
export function runExternal(binary: string, args: string[], cwd?: string): ExternalProcess {
  const usePdeath = existsSync('/usr/bin/setpriv');
  // In the run's scratch directory: a core dump (InspIRCd 3.15 with ssl_gnutls left one when
  // stopped) goes away with it instead of landing in the checkout.
  const options = { stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[], ...(cwd ? { cwd } : {}) };
  const child = usePdeath
    ? spawn('/usr/bin/setpriv', ['--pdeathsig', 'SIGKILL', '--', binary, ...args], options)
    : spawn(binary, args, options);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const done = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  return {
    child,
    output: () => tail,
    alive: () => !exited,
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await done;
      clearTimeout(timer);
    },
  };
}

/** Server names for a linked network: `s1.bench`, `s2.bench`, …; the hub is the middle one. */
export function serverName(index: number): string {
  return `s${index + 1}.bench`;
}

/** Star topology of `count` servers: every leaf links to server 0 (the hub). */
export function hubOf(count: number): number {
  return count > 1 ? 0 : -1;
}
