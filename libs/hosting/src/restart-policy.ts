/**
 * When to restart a crashed process: at once the first time, so a one-off crash costs the time a
 * service takes to start (well under the 2 s a client may notice); then with a delay that doubles
 * per crash in a row, with jitter, so a service that crashes on start does not spin a core and
 * several hosts on one machine do not restart in lockstep. A process that stayed up for
 * `resetAfterMs` has recovered: its next crash is again a first one. Too many crashes in a short
 * window is a crash loop: retries go on at the longest delay (a loop often ends on its own, e.g.
 * once a port or NATS is back), and the host logs it loudly.
 */
export interface RestartPolicyOptions {
  /** Delay of the first restart after a crash. */
  firstDelayMs: number;
  /** Delay of the second restart in a row; it doubles with every further crash. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Each delay is spread by ± this fraction at random. */
  jitter: number;
  /** Up this long, a process has recovered: the doubling starts over. */
  resetAfterMs: number;
  /** This many crashes within `crashLoopWindowMs` is a crash loop. */
  crashLoopCount: number;
  crashLoopWindowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = Object.freeze({
  firstDelayMs: 0,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
  jitter: 0.2,
  resetAfterMs: 30_000,
  crashLoopCount: 5,
  crashLoopWindowMs: 60_000,
});

export interface RestartDecision {
  delayMs: number;
  /** Crashes in a row, this one included (1 after a process that had recovered). */
  inARow: number;
  /** Crashes within the crash-loop window, this one included. */
  recent: number;
  crashLoop: boolean;
}

export class RestartPolicy {
  private readonly options: RestartPolicyOptions;
  private inARow = 0;
  private crashTimes: number[] = [];

  constructor(
    options: Partial<RestartPolicyOptions> = {},
    private readonly random: () => number = Math.random,
  ) {
    this.options = { ...DEFAULT_RESTART_POLICY, ...options };
  }

  /** Whether a process started at `startedAt` has stayed up long enough to count as recovered. */
  hasRecovered(now: number, startedAt: number): boolean {
    return now - startedAt >= this.options.resetAfterMs;
  }

  /** A crash at `now` of a process that was started at `startedAt`: how long to wait before the restart. */
  onCrash(now: number, startedAt: number): RestartDecision {
    const o = this.options;
    if (this.hasRecovered(now, startedAt)) this.inARow = 0;
    this.inARow++;
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < o.crashLoopWindowMs), now];
    const recent = this.crashTimes.length;
    const crashLoop = recent >= o.crashLoopCount;
    const nominal = crashLoop
      ? o.maxDelayMs
      : this.inARow === 1
        ? o.firstDelayMs
        : Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (this.inARow - 2));
    const spread = nominal * o.jitter * (2 * this.random() - 1);
    return { delayMs: Math.max(0, Math.round(nominal + spread)), inARow: this.inARow, recent, crashLoop };
  }
}
