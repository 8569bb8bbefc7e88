import { RestartPolicy } from './restart-policy';

const NO_JITTER = () => 0.5;

describe('RestartPolicy', () => {
  it('restarts at once after a first crash, then doubles from 250 ms up to the maximum', () => {
    const policy = new RestartPolicy({ maxDelayMs: 2000, crashLoopCount: 100 }, NO_JITTER);
    const delays = Array.from({ length: 7 }, (_, i) => policy.onCrash(1000 + i, 1000 + i).delayMs);
    expect(delays).toEqual([0, 250, 500, 1000, 2000, 2000, 2000]);
  });

  it('starts over once the process stayed up for resetAfterMs', () => {
    const policy = new RestartPolicy({ resetAfterMs: 10_000, crashLoopCount: 100 }, NO_JITTER);
    policy.onCrash(0, 0);
    expect(policy.onCrash(100, 50)).toMatchObject({ delayMs: 250, inARow: 2 });
    expect(policy.onCrash(20_000, 100)).toMatchObject({ delayMs: 0, inARow: 1 });
  });

  it('spreads a delay by the jitter fraction either way', () => {
    const low = new RestartPolicy({ jitter: 0.2 }, () => 0);
    const high = new RestartPolicy({ jitter: 0.2 }, () => 0.999_999);
    for (const policy of [low, high]) policy.onCrash(0, 0);
    expect(low.onCrash(1, 1).delayMs).toBe(200);
    expect(high.onCrash(1, 1).delayMs).toBe(300);
  });

  it('calls N crashes within the window a crash loop and waits the maximum, without giving up', () => {
    const policy = new RestartPolicy({ crashLoopCount: 3, crashLoopWindowMs: 60_000, maxDelayMs: 30_000 }, NO_JITTER);
    expect(policy.onCrash(0, 0).crashLoop).toBe(false);
    expect(policy.onCrash(1000, 0).crashLoop).toBe(false);
    expect(policy.onCrash(2000, 1000)).toEqual({ delayMs: 30_000, inARow: 3, recent: 3, crashLoop: true });
    expect(policy.onCrash(40_000, 32_000)).toMatchObject({ delayMs: 30_000, crashLoop: true });
  });

  it('forgets crashes older than the window', () => {
    const policy = new RestartPolicy({ crashLoopCount: 3, crashLoopWindowMs: 60_000, resetAfterMs: 1000 }, NO_JITTER);
    policy.onCrash(0, 0);
    policy.onCrash(10_000, 0);
    expect(policy.onCrash(65_000, 64_000)).toEqual({ delayMs: 0, inARow: 1, recent: 2, crashLoop: false });
  });
});
