import { RestartPolicy } from './restart-policy';
import type { ServiceExit } from './service';
import { Supervisor, type HostLogLevel, type Launched } from './supervisor';
import { FakeProcess, nth, tick } from './testing/fake-process';

function harness(
  options: {
    launch?: () => Launched<FakeProcess> | Promise<Launched<FakeProcess>>;
    policy?: RestartPolicy | undefined;
  } = {},
) {
  const launched: FakeProcess[] = [];
  const logs: Array<[HostLogLevel, string]> = [];
  const crashes: ServiceExit[] = [];
  const supervisor = new Supervisor<FakeProcess>({
    name: 'state',
    label: 'H: state',
    launch:
      options.launch ??
      (() => {
        const process = new FakeProcess();
        launched.push(process);
        return { process, ready: Promise.resolve() };
      }),
    policy: 'policy' in options ? options.policy : new RestartPolicy({ jitter: 0 }),
    log: (message, level = 'info') => logs.push([level, message]),
    onCrash: (exit) => crashes.push(exit),
  });
  return { supervisor, launched, logs, crashes };
}

describe('Supervisor', () => {
  it('restarts a crashed process at once, counts it and logs the signal', async () => {
    const { supervisor, launched, logs, crashes } = harness();
    const first = await supervisor.start();
    first.crash('SIGKILL');
    await tick(10);
    expect(launched).toHaveLength(2);
    expect(supervisor.process()).toBe(launched[1]);
    expect(supervisor.status()).toMatchObject({
      name: 'state',
      pid: nth(launched, 1).pid,
      running: true,
      restarts: { crash: 1, operator: 0 },
      crashLoop: false,
    });
    expect(supervisor.status().lastExit).toMatchObject({ code: null, signal: 'SIGKILL' });
    expect(crashes).toEqual([{ code: null, signal: 'SIGKILL' }]);
    expect(logs[0]).toEqual([
      'warn',
      expect.stringMatching(/^H: state exited unexpectedly \(signal SIGKILL\) after \d+ ms up; restart 1 at once$/),
    ]);
    expect(logs[1]).toEqual([
      'info',
      expect.stringMatching(new RegExp(`^H: state restarted \\(pid ${nth(launched, 1).pid}\\), ready in \\d+ ms$`)),
    ]);
    await supervisor.stop();
  });

  it('waits longer after each crash in a row and says so', async () => {
    const { supervisor, launched, logs } = harness({ policy: new RestartPolicy({ jitter: 0, baseDelayMs: 40 }) });
    await supervisor.start();
    nth(launched, 0).crash();
    await tick(10);
    nth(launched, 1).crash();
    await tick(10);
    expect(launched).toHaveLength(2);
    expect(logs.at(-1)).toEqual(['warn', expect.stringMatching(/; restart 2 in 40 ms$/)]);
    await tick(60);
    expect(launched).toHaveLength(3);
    await supervisor.stop();
  });

  it('reports a crash loop loudly and keeps retrying at the longest delay', async () => {
    const { supervisor, launched, logs } = harness({
      policy: new RestartPolicy({ jitter: 0, baseDelayMs: 1, maxDelayMs: 20, crashLoopCount: 3 }),
    });
    await supervisor.start();
    for (let i = 0; i < 3; i++) {
      nth(launched, i).crash();
      await tick(30);
    }
    expect(logs.filter(([level]) => level === 'error')).toEqual([
      [
        'error',
        expect.stringMatching(
          /exited unexpectedly \(signal SIGKILL\) after \d+ ms up\. CRASH LOOP: 3 crashes in a short time; restart 3 in 20 ms, and retrying/,
        ),
      ],
    ]);
    expect(launched).toHaveLength(4);
    expect(supervisor.status()).toMatchObject({ running: true, crashLoop: true, restarts: { crash: 3 } });
    await supervisor.stop();
  });

  it('does not restart what it stopped, nor a restart that was pending', async () => {
    const { supervisor, launched, crashes } = harness({ policy: new RestartPolicy({ jitter: 0, firstDelayMs: 30 }) });
    await supervisor.start();
    nth(launched, 0).crash();
    await tick();
    expect(crashes).toHaveLength(1);
    await supervisor.stop();
    await tick(50);
    expect(launched).toHaveLength(1);
    expect(supervisor.status()).toMatchObject({ running: false, restarts: { crash: 0 } });
    expect(crashes).toHaveLength(1);

    const again = await supervisor.start();
    await supervisor.stop();
    expect(again.stopped).toBe(true);
    await tick(10);
    expect(launched).toHaveLength(2);
    expect(crashes).toHaveLength(1);
  });

  it('restarts on request: the old process stopped cleanly, the new one counted as an operator restart', async () => {
    const { supervisor, launched, crashes } = harness();
    const old = await supervisor.start();
    const fresh = await supervisor.restart();
    expect(old.stopped).toBe(true);
    expect(fresh).toBe(launched[1]);
    expect(supervisor.status()).toMatchObject({
      pid: fresh.pid,
      restarts: { crash: 0, operator: 1 },
      lastExit: { code: 0, signal: null },
    });
    expect(crashes).toEqual([]);
    await supervisor.stop();
  });

  it('leaves nothing running when the first start fails, and does not restart it', async () => {
    const processes: FakeProcess[] = [];
    const { supervisor } = harness({
      launch: () => {
        const process = new FakeProcess();
        processes.push(process);
        process.crash();
        return { process, ready: Promise.reject(new Error('died while starting')) };
      },
    });
    await expect(supervisor.start()).rejects.toThrow('died while starting');
    await tick(10);
    expect(processes).toHaveLength(1);
    expect(supervisor.process()).toBeUndefined();
  });

  it('treats a relaunch that throws as one more crash and tries again', async () => {
    let attempts = 0;
    const processes: FakeProcess[] = [];
    const { supervisor, logs } = harness({
      policy: new RestartPolicy({ jitter: 0, baseDelayMs: 5 }),
      launch: () => {
        attempts++;
        if (attempts === 2) throw new Error('port 4222 is already in use');
        const process = new FakeProcess();
        processes.push(process);
        return { process, ready: Promise.resolve() };
      },
    });
    await supervisor.start();
    nth(processes, 0).crash();
    await tick(40);
    expect(attempts).toBe(3);
    expect(supervisor.process()).toBe(processes[1]);
    expect(logs.map(([, m]) => m)).toContainEqual(
      expect.stringMatching(/^H: state could not start: port 4222 is already in use; restart 2 in 5 ms$/),
    );
    await supervisor.stop();
  });

  it('without a policy reports a crash and restarts nothing', async () => {
    const { supervisor, launched, logs } = harness({ policy: undefined });
    await supervisor.start();
    nth(launched, 0).crash('SIGSEGV');
    await tick(10);
    expect(launched).toHaveLength(1);
    expect(logs).toEqual([
      [
        'error',
        expect.stringMatching(
          /^H: state exited unexpectedly \(signal SIGSEGV\) .*; not restarted \(supervision is off\)$/,
        ),
      ],
    ]);
  });
});

describe('Supervisor, several requests at once', () => {
  it('runs two restarts one after the other: one process at the end, every other one stopped', async () => {
    const { supervisor, launched } = harness();
    await supervisor.start();
    const [a, b] = await Promise.all([supervisor.restart(), supervisor.restart()]);
    expect(launched).toHaveLength(3);
    expect(launched.slice(0, 2).map((p) => p.stopped)).toEqual([true, true]);
    expect([a, b]).toEqual([launched[1], launched[2]]);
    expect(supervisor.process()).toBe(launched[2]);
    expect(supervisor.status().restarts.operator).toBe(2);
    await supervisor.stop();
  });

  it('stops what a restart in progress starts', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const processes: FakeProcess[] = [];
    const { supervisor } = harness({
      launch: () => {
        const process = new FakeProcess();
        processes.push(process);
        return { process, ready: processes.length === 2 ? gate : Promise.resolve() };
      },
    });
    await supervisor.start();
    const restarting = supervisor.restart();
    await tick();
    await supervisor.stop();
    release();
    await restarting;
    expect(processes.map((p) => p.stopped)).toEqual([true, true]);
    expect(supervisor.process()).toBeUndefined();
  });
});
