import type { ServiceExit } from '../service';
import type { SupervisedProcess } from '../supervised-process';

/** A process the test ends by hand: `crash()` is an unexpected exit, `stop()` a clean one. */
export class FakeProcess implements SupervisedProcess {
  private static nextPid = 1000;
  readonly pid = FakeProcess.nextPid++;
  private running = true;
  private finish!: (exit: ServiceExit) => void;
  readonly exited = new Promise<ServiceExit>((resolve) => (this.finish = resolve));
  stopped = false;

  isRunning(): boolean {
    return this.running;
  }
  crash(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.running = false;
    this.finish({ code: null, signal });
  }
  stop(): Promise<void> {
    this.stopped = true;
    this.running = false;
    this.finish({ code: 0, signal: null });
    return Promise.resolve();
  }
}

/** A promise the test settles by hand. */
export class Deferred {
  resolve!: () => void;
  reject!: (err: Error) => void;
  readonly promise = new Promise<void>((resolve, reject) => {
    this.resolve = resolve;
    this.reject = reject;
  });
}

/** `list[i]`, which the test knows is there (a failing test says so instead of a TypeError). */
export function nth<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new Error(`expected an item ${i}, but there are only ${list.length}`);
  return item;
}

export const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
