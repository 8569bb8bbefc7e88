import type { ChildProcess } from 'node:child_process';
import { forEachLine, isRunning, LineTail, spawnOwnedChild, terminate } from './child-process';
import { OutputMode, prettyLogFormatter } from './log-format';

export interface ServiceOptions {
  /** Short name for messages, e.g. `gateway`. */
  name: string;
  /** The script node runs, e.g. `dist/apps/gateway/main.js`. */
  entry: string;
  args?: string[];
  /** Flags for node itself, placed before the script (`node <nodeArgs> <entry> <args>`). */
  nodeArgs?: readonly string[];
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Shown before each pretty line: `Chatsrv1 gateway` gives `[Chatsrv1 gateway] …`. */
  logPrefix?: string;
  /** How the child's output reaches `write` (default pretty). */
  output?: OutputMode;
  /** Where forwarded lines go (default process.stdout). */
  write?: (line: string) => void;
  /** Sees every line the child prints, whatever `output` says. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** SIGTERM → SIGKILL delay of `stop()`. */
  stopGraceMs?: number;
}

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningService {
  name: string;
  pid: number;
  child: ChildProcess;
  /** Resolves when the process exits, for any reason. */
  exited: Promise<ServiceExit>;
  isRunning(): boolean;
  /** The last lines it printed (stdout and stderr), to explain a failure. */
  recentOutput(): string;
  /** SIGTERM, then SIGKILL after 3 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * PORTALCHAT_CPU_PROF_DIR=<dir> has every service write a V8 CPU profile there when it exits
 * (node --cpu-prof): how the benchmarks find where a hop's time goes. The flag cannot go through
 * NODE_OPTIONS, which Node refuses for --cpu-prof.
 */
function profileArgs(): string[] {
  const dir = process.env['PORTALCHAT_CPU_PROF_DIR'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** Runs `node <nodeArgs> <entry> <args>` with its output forwarded line by line. */
export function startService(options: ServiceOptions): RunningService {
  const { name, entry, args = [], nodeArgs = [], output = OutputMode.Pretty, stopGraceMs = 3000 } = options;
  const prefix = options.logPrefix ?? name;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));

  const child = spawnOwnedChild(process.execPath, [...profileArgs(), ...nodeArgs, entry, ...args], {
    env: { ...process.env, ...options.env },
  });
  const tail = new LineTail(30);
  const pretty = output === OutputMode.Pretty ? prettyLogFormatter(prefix) : undefined;
  const handle = (stream: 'stdout' | 'stderr') => (line: string) => {
    tail.push(line);
    options.onLine?.(line, stream);
    if (output === OutputMode.Json) write(line);
    else if (pretty) write(pretty(line));
  };
  forEachLine(child.stdout, handle('stdout'));
  forEachLine(child.stderr, handle('stderr'));

  const exited = new Promise<ServiceExit>((resolve) => {
    // 'close' rather than 'exit': by then every line it printed has been read.
    child.once('close', (code, signal) => resolve({ code, signal }));
    child.once('error', (err) => {
      tail.push(`failed to start: ${err.message}`);
      resolve({ code: null, signal: null });
    });
  });

  return {
    name,
    pid: child.pid ?? -1,
    child,
    exited,
    isRunning: () => isRunning(child),
    recentOutput: () => tail.toString(),
    stop: () => terminate(child, stopGraceMs),
  };
}
