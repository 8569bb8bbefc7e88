import { RestartPolicy } from './restart-policy';
import { Supervisor, type HostLogLevel, type Launched } from './supervisor';
import { Deferred, FakeProcess, nth, tick } from './testing/fake-process';
import { WarmSpare } from './warm-spare';

/**
 * A supervisor with a warm spare, all fakes: every launch (serving or spare) and every promotion
 * is recorded in order, and each one's readiness is settled by the test unless `autoReady`.
 */
function harness(
  options: { autoReady?: boolean; usable?: (spare: FakeProcess) => boolean; spareDelayMs?: number } = {},
) {
  const autoReady = options.autoReady ?? true;
  const events: string[] = [];
  const fresh: FakeProcess[] = [];
  const spares: FakeProcess[] = [];
  const promoted: FakeProcess[] = [];
  const readiness = new Map<FakeProcess, Deferred>();
  const logs: Array<[HostLogLevel, string]> = [];
  const log = (message: string, level: HostLogLevel = 'info') => logs.push([level, message]);
  const launched = (process: FakeProcess): Launched<FakeProcess> => {
    const ready = new Deferred();
    readiness.set(process, ready);
    if (autoReady) ready.resolve();
    return { process, ready: ready.promise };
  };
  const spare = new WarmSpare<FakeProcess>({
    label: 'H: state spare',
    launch: () => {
      const process = new FakeProcess();
      spares.push(process);
      events.push(`spare ${process.pid}`);
      return launched(process);
    },
    promote: (process) => {
      promoted.push(process);
      events.push(`promote ${process.pid}`);
      return launched(process);
    },
    ...(options.usable ? { usable: options.usable } : {}),
    policy: new RestartPolicy({ jitter: 0, firstDelayMs: 0, baseDelayMs: 30 }),
    log,
  });
  const supervisor = new Supervisor<FakeProcess>({
    name: 'state',
    label: 'H: state',
    launch: () => {
      const process = new FakeProcess();
      fresh.push(process);
      events.push(`launch ${process.pid}`);
      return launched(process);
    },
    policy: new RestartPolicy({ jitter: 0 }),
    log,
    spare,
    spareDelayMs: options.spareDelayMs ?? 0,
  });
  /** Makes `process` ready (for a harness without autoReady). */
  const ready = (process: FakeProcess) => {
    const deferred = readiness.get(process);
    if (!deferred) throw new Error(`process ${process.pid} was never launched`);
    deferred.resolve();
  };
  return { supervisor, events, fresh, spares, promoted, logs, ready };
}

describe('Supervisor with a warm spare', () => {
  it('starts the spare only once the first process is ready, and shows it in the status', async () => {
    const { supervisor, fresh, spares, ready } = harness({ autoReady: false });
    const starting = supervisor.start();
    await tick();
    expect(fresh).toHaveLength(1);
    expect(spares).toHaveLength(0);
    ready(nth(fresh, 0));
    await starting;
    expect(spares).toHaveLength(1);
    expect(supervisor.status().spare).toMatchObject({ pid: nth(spares, 0).pid, warm: false });
    expect(supervisor.status().spare?.startedAt).toBeGreaterThan(0);
    ready(nth(spares, 0));
    await tick();
    expect(supervisor.status()).toMatchObject({
      pid: nth(fresh, 0).pid,
      spare: { pid: nth(spares, 0).pid, warm: true },
    });
    await supervisor.stop();
  });

  it('promotes the spare after a crash, and starts the next spare only once it serves, a while after', async () => {
    const { supervisor, events, fresh, spares, logs, ready } = harness({ autoReady: false, spareDelayMs: 50 });
    const starting = supervisor.start();
    await tick();
    ready(nth(fresh, 0));
    await starting;
    const spare = nth(spares, 0);
    ready(spare);
    await tick();

    nth(fresh, 0).crash();
    await tick(10);
    expect(supervisor.process()).toBe(spare);
    expect(fresh).toHaveLength(1);
    // The promoted spare is still starting: no new spare competes with it for the CPU.
    expect(spares).toHaveLength(1);
    expect(supervisor.status().spare).toBeUndefined();

    ready(spare);
    await tick();
    // Its catch-up still has the CPU to itself.
    expect(spares).toHaveLength(1);
    await tick(80);
    expect(spares).toHaveLength(2);
    expect(events).toEqual([
      `launch ${nth(fresh, 0).pid}`,
      `spare ${spare.pid}`,
      `promote ${spare.pid}`,
      `spare ${nth(spares, 1).pid}`,
    ]);
    expect(supervisor.status()).toMatchObject({
      pid: spare.pid,
      restarts: { crash: 1 },
      spare: { pid: nth(spares, 1).pid },
    });
    expect(logs).toContainEqual([
      'info',
      expect.stringMatching(
        new RegExp(`^H: state restarted \\(pid ${spare.pid}, the warm spare\\), ready in \\d+ ms$`),
      ),
    ]);
    await supervisor.stop();
  });

  it('promotes a spare that is still starting: it is ahead of a fresh process', async () => {
    const { supervisor, fresh, spares, promoted, ready } = harness({ autoReady: false });
    const started = supervisor.start();
    await tick();
    ready(nth(fresh, 0));
    await started;
    // The spare has not stood by yet when the serving process crashes.
    expect(supervisor.status().spare?.warm).toBe(false);
    nth(fresh, 0).crash();
    await tick(10);
    expect(promoted).toEqual([nth(spares, 0)]);
    expect(fresh).toHaveLength(1);
    await supervisor.stop();
  });

  it('launches afresh when the spare is gone, and replaces a dead spare', async () => {
    const { supervisor, fresh, spares, promoted, logs } = harness();
    await supervisor.start();
    nth(spares, 0).crash();
    await tick();
    expect(logs).toContainEqual([
      'warn',
      expect.stringMatching(/^H: state spare exited \(signal SIGKILL\) after \d+ ms; a new one in 0 ms$/),
    ]);
    await tick(10);
    expect(spares).toHaveLength(2);
    expect(supervisor.status().spare?.pid).toBe(nth(spares, 1).pid);

    // Two crashes of the spare in a row: the second replacement waits (the policy's backoff).
    nth(spares, 1).crash();
    await tick(10);
    expect(spares).toHaveLength(2);
    expect(supervisor.status().spare).toBeUndefined();

    // No spare now: a crash of the serving process launches a new one at once, as without spares.
    nth(fresh, 0).crash();
    await tick(5);
    expect(fresh).toHaveLength(2);
    expect(promoted).toHaveLength(0);
    expect(supervisor.process()).toBe(nth(fresh, 1));
    await tick(40);
    expect(spares).toHaveLength(3);
    await supervisor.stop();
  });

  it("on an operator's restart stops the old process before the spare serves", async () => {
    const { supervisor, events, fresh, spares } = harness();
    await supervisor.start();
    const old = nth(fresh, 0);
    const spare = nth(spares, 0);
    const restarted = await supervisor.restart();
    expect(restarted).toBe(spare);
    expect(old.stopped).toBe(true);
    expect(events).toEqual([
      `launch ${old.pid}`,
      `spare ${spare.pid}`,
      `promote ${spare.pid}`,
      `spare ${nth(spares, 1).pid}`,
    ]);
    expect(supervisor.status()).toMatchObject({ pid: spare.pid, restarts: { crash: 0, operator: 1 } });
    await supervisor.stop();
  });

  it('does not promote a spare that may no longer serve (an older build): stops it and launches afresh', async () => {
    const { supervisor, fresh, spares, promoted, logs } = harness({ usable: () => false });
    await supervisor.start();
    const stale = nth(spares, 0);
    await supervisor.restart();
    expect(stale.stopped).toBe(true);
    expect(promoted).toHaveLength(0);
    expect(supervisor.process()).toBe(nth(fresh, 1));
    expect(logs).toContainEqual([
      'info',
      `H: state spare (pid ${stale.pid}) runs an older build: stopped, not promoted`,
    ]);
    // The next spare is of the build that runs now.
    expect(spares).toHaveLength(2);
    await supervisor.stop();
  });

  it('stops the spare with the process, and starts none until the next start', async () => {
    const { supervisor, spares } = harness();
    await supervisor.start();
    await supervisor.stop();
    expect(nth(spares, 0).stopped).toBe(true);
    await tick(10);
    expect(spares).toHaveLength(1);
    expect(supervisor.status().spare).toBeUndefined();
    await supervisor.start();
    expect(spares).toHaveLength(2);
    await supervisor.stop();
  });
});
