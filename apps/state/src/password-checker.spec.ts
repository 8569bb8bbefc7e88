import { rationedChecker } from './password-checker';

/** A check that finishes when the spec says so. */
function controllableCheck() {
  const calls: Array<{ candidate: string; finish: (ok: boolean) => void; fail: (err: Error) => void }> = [];
  const check = (candidate: string) =>
    new Promise<boolean>((resolve, reject) => calls.push({ candidate, finish: resolve, fail: reject }));
  return { calls, check };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('rationedChecker', () => {
  it('runs at most `concurrency` checks at once, the others in arrival order', async () => {
    const { calls, check } = controllableCheck();
    const checker = rationedChecker(2, check);
    const results = ['a', 'b', 'c', 'd'].map((p) => checker(p, 'hash'));
    expect(calls.map((c) => c.candidate)).toEqual(['a', 'b']);
    calls[1]?.finish(true);
    await settle();
    expect(calls.map((c) => c.candidate)).toEqual(['a', 'b', 'c']);
    calls[0]?.finish(false);
    await settle();
    calls[2]?.finish(false);
    await settle();
    calls[3]?.finish(true);
    await expect(Promise.all(results)).resolves.toEqual([false, true, false, true]);
  });

  it('a check that throws rejects its caller and frees its place', async () => {
    const { calls, check } = controllableCheck();
    const checker = rationedChecker(1, check);
    const first = checker('a', 'hash');
    const second = checker('b', 'hash');
    calls[0]?.fail(new Error('scrypt: memory limit exceeded'));
    await expect(first).rejects.toThrow('memory limit');
    await settle();
    calls[1]?.finish(true);
    await expect(second).resolves.toBe(true);
  });
});
