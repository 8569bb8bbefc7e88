import type { RestartPolicy } from './restart-policy';
import type { ServiceExit } from './service';
import { describeExit, type HostLog, type Launched, type SupervisedProcess } from './supervised-process';
import type { SpareStatus, WarmSpare } from './warm-spare';

/**
 * How long after a restart the next spare is started. A promoted state spends its first second
 * or two replaying its journal and taking its peers' backlogs, and a new spare's start (node's
 * loading and compiling, state's rehearsal: about a second of CPU) on the same two cores made
 * that pause longer. A crash within this time launches afresh, as without spares.
 */
export const REPLACEMENT_SPARE_DELAY_MS = 3000;

export {
  describeExit,
  type HostLog,
  type HostLogLevel,
  type Launched,
  type SupervisedProcess,
} from './supervised-process';

export interface SupervisorStatus {
  name: string;
  pid?: number;
  running: boolean;
  /** Restarts after a crash, and on an operator's request. */
  restarts: { crash: number; operator: number };
  /** Too many crashes in a short window: restarts go on at the longest delay. */
  crashLoop: boolean;
  /** When the current process was started (ms since the epoch). */
  startedAt?: number;
  lastExit?: ServiceExit & { at: number };
  /** The warm spare standing by to take over, when the process has one (see WarmSpare). */
  spare?: SpareStatus;
}

export interface SupervisorOptions<T extends SupervisedProcess> {
  /** The process's name (`state`, `nats`) and the prefix of its messages (`Chatsrv1 state`). */
  name: string;
  label: string;
  /** Starts the process; a launch that throws (at once or later) counts as a failed start. */
  launch(): Launched<T> | Promise<Launched<T>>;
  /** How to restart after a crash; without one a crash is reported and nothing restarts. */
  policy?: RestartPolicy;
  log: HostLog;
  /** Each unexpected exit, before the restart is scheduled. */
  onCrash?(exit: ServiceExit): void;
  /**
   * A warm spare to promote instead of launching afresh, after a crash and on an operator's
   * restart. It is filled once the serving process is ready (never before: its start would
   * compete with the new process's for the CPU) and stopped with the process.
   */
  spare?: WarmSpare<T>;
  /** How long after a restart the next spare is started (default REPLACEMENT_SPARE_DELAY_MS). */
  spareDelayMs?: number;
  now?: () => number;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Thrown by a start that stop() overtook. */
class StoppedWhileStarting extends Error {
  constructor(label: string) {
    super(`${label} was stopped while it started`);
    this.name = 'StoppedWhileStarting';
  }
}

/**
 * Keeps one process running: restarts it after every unexpected exit (per its RestartPolicy),
 * stops it on purpose without a restart, and restarts it on an operator's request. A crash never
 * throws out of here: a restart that fails is one more crash for the policy. Only a process that
 * has once come up is restarted; a failure of `start()` is the caller's to report. With a warm
 * spare, a restart promotes the spare when there is one and launches afresh when there is not.
 */
export class Supervisor<T extends SupervisedProcess> {
  private current?: T;
  private startedAt = 0;
  /** Whether the process should be running (false after stop()). */
  private wanted = false;
  /** Whether crashes are restarted: not while start() still waits for a first readiness. */
  private supervising = false;
  private timer?: NodeJS.Timeout;
  /** The start in progress, settled once its outcome is decided (adopted, or stopped again). */
  private launching: Promise<void> = Promise.resolve();
  private readonly restarts = { crash: 0, operator: 0 };
  private crashLoop = false;
  private lastExit?: ServiceExit & { at: number };
  private readonly now: () => number;
  /** start, stop and restart run one at a time: two restarts at once would start two processes. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SupervisorOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  get name(): string {
    return this.options.name;
  }

  /** The running process, if any. */
  process(): T | undefined {
    return this.current;
  }

  status(): SupervisorStatus {
    const running = this.current?.isRunning() === true;
    const recovered = running && this.options.policy?.hasRecovered(this.now(), this.startedAt) === true;
    const spare = this.options.spare?.status();
    return {
      name: this.options.name,
      ...(this.current ? { pid: this.current.pid, startedAt: this.startedAt } : {}),
      running,
      restarts: { ...this.restarts },
      crashLoop: this.crashLoop && !recovered,
      ...(this.lastExit ? { lastExit: { ...this.lastExit } } : {}),
      ...(spare ? { spare } : {}),
    };
  }

  /** Starts the process and resolves once it is ready; if it fails, nothing is left running and it rejects. */
  start(): Promise<T> {
    return this.serially(() => this.startNow());
  }

  /** Stops it on purpose (no restart); resolves once nothing of it runs. */
  stop(): Promise<void> {
    return this.serially(() => this.stopNow());
  }

  /**
   * An operator's restart: a graceful stop, a new process, and readiness. If the new one dies or is
   * not ready in time this rejects with the reason, and supervision carries on as after a crash.
   */
  async restart(): Promise<T> {
    // Only the swap is serialized: a stop() need not wait for the new process's readiness.
    const { process, ready } = await this.serially(() => this.replace());
    try {
      await ready;
    } finally {
      // Unless it died (then the restart after the crash fills the spare once it serves).
      this.fillSpare(process, this.spareDelayMs);
    }
    return process;
  }

  private serially<R>(operation: () => Promise<R>): Promise<R> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async startNow(): Promise<T> {
    if (this.current) throw new Error(`${this.options.label} is already running (pid ${this.current.pid})`);
    this.cancelRestart();
    this.wanted = true;
    this.supervising = false;
    try {
      const { process, ready } = await this.spawn(() => this.options.launch());
      await ready;
      this.supervising = true;
      this.fillSpare(process);
      return process;
    } catch (err) {
      await this.stopNow();
      throw err;
    }
  }

  private async stopNow(): Promise<void> {
    await this.options.spare?.stop();
    await this.stopCurrent();
  }

  /** Stops the serving process on purpose; the spare, if any, stays. */
  private async stopCurrent(): Promise<void> {
    this.wanted = false;
    this.cancelRestart();
    await this.launching;
    const process = this.current;
    this.current = undefined;
    if (process) {
      await process.stop();
      this.lastExit = { ...(await process.exited), at: this.now() };
    }
  }

  private async replace(): Promise<Launched<T>> {
    this.restarts.operator++;
    // The old process goes first, the spare serves only then: the state journal has one writer at
    // a time, and the health and gRPC ports one listener.
    await this.stopCurrent();
    this.wanted = true;
    this.supervising = true;
    return this.spawn(() => this.promoteOrLaunch());
  }

  /** The spare promoted when there is one, a new process otherwise. */
  private promoteOrLaunch(): Launched<T> | Promise<Launched<T>> {
    return this.options.spare?.promote() ?? this.options.launch();
  }

  private get spareDelayMs(): number {
    return this.options.spareDelayMs ?? REPLACEMENT_SPARE_DELAY_MS;
  }

  /**
   * A new spare, once `process` serves (and still is the current one). After a restart, only
   * spareDelayMs later: see REPLACEMENT_SPARE_DELAY_MS.
   */
  private fillSpare(process: T, delayMs = 0): void {
    if (this.wanted && this.current === process) this.options.spare?.fill(delayMs);
  }

  private cancelRestart(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Launches a process and adopts it as the current one (its exit is watched from now on). */
  private spawn(launch: () => Launched<T> | Promise<Launched<T>>): Promise<Launched<T>> {
    const startedAt = this.now();
    const attempt = (async () => {
      const launched = await launch();
      // Every path below awaits `ready`, except a start that stop() overtook: never unhandled.
      launched.ready.catch(() => undefined);
      if (!this.wanted) {
        await launched.process.stop();
        throw new StoppedWhileStarting(this.options.label);
      }
      this.current = launched.process;
      this.startedAt = startedAt;
      void launched.process.exited.then((exit) => this.onExit(launched.process, exit));
      return launched;
    })();
    this.launching = attempt.then(
      () => undefined,
      () => undefined,
    );
    return attempt;
  }

  private onExit(process: T, exit: ServiceExit): void {
    // A process stopped on purpose is no longer `current` by the time it exits.
    if (process !== this.current) return;
    const now = this.now();
    this.current = undefined;
    this.lastExit = { ...exit, at: now };
    if (!this.wanted || !this.supervising) return;
    this.options.onCrash?.(exit);
    const why = `exited unexpectedly (${describeExit(exit)}) after ${seconds(now - this.startedAt)} up`;
    const { policy } = this.options;
    if (!policy) {
      this.options.log(`${this.options.label} ${why}; not restarted (supervision is off)`, 'error');
      return;
    }
    this.scheduleRestart(policy, now, this.startedAt, why);
  }

  private scheduleRestart(policy: RestartPolicy, now: number, startedAt: number, why: string): void {
    const decision = policy.onCrash(now, startedAt);
    this.crashLoop = decision.crashLoop;
    const when = decision.delayMs === 0 ? 'at once' : `in ${seconds(decision.delayMs)}`;
    const restart = `restart ${this.restarts.crash + 1} ${when}`;
    if (decision.crashLoop) {
      this.options.log(
        `${this.options.label} ${why}. CRASH LOOP: ${decision.recent} crashes in a short time; ${restart}, and retrying at that pace until it stays up`,
        'error',
      );
    } else {
      this.options.log(`${this.options.label} ${why}; ${restart}`, 'warn');
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.restartAfterCrash();
    }, decision.delayMs);
  }

  private async restartAfterCrash(): Promise<void> {
    if (!this.wanted) return;
    this.restarts.crash++;
    const began = this.now();
    let launched: Launched<T>;
    let promoted = false;
    try {
      launched = await this.spawn(() => {
        const spare = this.options.spare?.promote();
        promoted = spare !== undefined;
        return spare ?? this.options.launch();
      });
    } catch (err) {
      // Only a policy schedules restarts, so there is one here.
      const { policy } = this.options;
      if (!this.wanted || !policy) return;
      this.scheduleRestart(policy, this.now(), began, `could not start: ${(err as Error).message}`);
      return;
    }
    try {
      await launched.ready;
      if (this.current === launched.process) {
        const how = promoted ? ', the warm spare' : '';
        this.options.log(
          `${this.options.label} restarted (pid ${launched.process.pid}${how}), ready in ${seconds(this.now() - began)}`,
        );
      }
    } catch (err) {
      // A process that died while starting is a crash like any other: onExit takes it from here.
      if (this.current !== launched.process || !launched.process.isRunning()) return;
      this.options.log(
        `${this.options.label} restarted (pid ${launched.process.pid}) but is not ready: ${(err as Error).message}`,
        'error',
      );
    }
    // Running, ready or not yet: from here a spare no longer competes with its start.
    this.fillSpare(launched.process, this.spareDelayMs);
  }
}
