import type { RestartPolicy } from './restart-policy';
import { describeExit, type HostLog, type Launched, type SupervisedProcess } from './supervised-process';

/** What `GET /services` shows of a spare. */
export interface SpareStatus {
  pid: number;
  /** It has loaded and warmed up, and waits for its promotion (until then: still starting). */
  warm: boolean;
  /** When it was started (ms since the epoch). */
  startedAt: number;
}

export interface WarmSpareOptions<T> {
  /** The prefix of its messages: `Chatsrv1: state spare`. */
  label: string;
  /** Starts a process in standby; `ready` resolves once it stands by, warm. */
  launch(): Launched<T>;
  /** Tells a standing-by process to serve; `ready` resolves once it serves, like a fresh launch's. */
  promote(spare: T): Launched<T>;
  /**
   * Whether a spare may still be promoted, asked at the moment of promotion (the host: its
   * script is the one on disk now, so an upgrade is not undone by a spare started before it).
   */
  usable?(spare: T): boolean;
  /** When a spare dies, how long before the next one; without one it is replaced at once. */
  policy?: RestartPolicy;
  log: HostLog;
  now?: () => number;
}

/**
 * One warm spare of a service: a second process of the same script, started in standby mode
 * (libs/service standby.ts), that a Supervisor promotes instead of launching a process afresh,
 * so that a restart costs the service's own start and not node's loading and compiling (seconds
 * on a starved CPU). A spare that dies is started again (with the policy's backoff); there is
 * never more than one. A spare never delays a restart: without one, the restart launches afresh.
 */
export class WarmSpare<T extends SupervisedProcess> {
  private current?: T;
  private warm = false;
  private startedAt = 0;
  /** Whether a spare should be kept (after fill(), until stop()). */
  private wanted = false;
  private timer?: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly options: WarmSpareOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  status(): SpareStatus | undefined {
    return this.current ? { pid: this.current.pid, warm: this.warm, startedAt: this.startedAt } : undefined;
  }

  /**
   * Starts a spare unless there is one (or one is due), after `delayMs`; from now on a spare that
   * dies is replaced.
   */
  fill(delayMs = 0): void {
    this.wanted = true;
    if (this.current || this.timer) return;
    if (delayMs <= 0) this.launchNow();
    else this.launchAfter(delayMs);
  }

  /**
   * Promotes the spare, if there is one that may serve: the Supervisor adopts what this returns
   * as the new serving process. A spare still warming up is promoted too: it is ahead of a
   * process launched now. Undefined when there is none; the caller launches afresh.
   */
  promote(): Launched<T> | undefined {
    const spare = this.current;
    if (!spare?.isRunning()) return undefined;
    this.current = undefined;
    if (this.options.usable?.(spare) === false) {
      this.options.log(`${this.options.label} (pid ${spare.pid}) runs an older build: stopped, not promoted`);
      void spare.stop();
      return undefined;
    }
    return this.options.promote(spare);
  }

  /** Stops the spare; none is started again until fill(). Resolves once it has exited. */
  async stop(): Promise<void> {
    this.wanted = false;
    this.cancelTimer();
    const spare = this.current;
    this.current = undefined;
    await spare?.stop();
  }

  private launchNow(): void {
    const startedAt = this.now();
    let launched: Launched<T>;
    try {
      launched = this.options.launch();
    } catch (err) {
      this.replaceLater(startedAt, `could not start: ${(err as Error).message}`);
      return;
    }
    const { process, ready } = launched;
    this.current = process;
    this.warm = false;
    this.startedAt = startedAt;
    ready.then(
      () => {
        if (this.current !== process) return;
        this.warm = true;
        this.options.log(`${this.options.label} standing by (pid ${process.pid}), warm after ${this.since(startedAt)}`);
      },
      // A spare that dies before it stands by is seen by the exit below.
      () => undefined,
    );
    void process.exited.then((exit) => {
      // A promoted or stopped spare is no longer `current`: its exit is someone else's business.
      if (this.current !== process) return;
      this.current = undefined;
      if (this.wanted) this.replaceLater(startedAt, `exited (${describeExit(exit)})`);
    });
  }

  private replaceLater(startedAt: number, why: string): void {
    const now = this.now();
    const delayMs = this.options.policy?.onCrash(now, startedAt).delayMs ?? 0;
    this.options.log(
      `${this.options.label} ${why} after ${this.since(startedAt)}; a new one in ${Math.round(delayMs)} ms`,
      'warn',
    );
    this.launchAfter(delayMs);
  }

  /** A spare in `delayMs`, unless stop() comes first or one runs by then. */
  private launchAfter(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.wanted && !this.current) this.launchNow();
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private since(startedAt: number): string {
    const ms = this.now() - startedAt;
    return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
  }
}
