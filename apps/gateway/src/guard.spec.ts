import { guarded } from './guard';

describe('guarded', () => {
  it('passes the arguments through when nothing throws', () => {
    const seen: number[] = [];
    guarded(
      () => undefined,
      (a: number, b: number) => seen.push(a + b),
    )(2, 3);
    expect(seen).toEqual([5]);
  });

  it('hands an exception to onError instead of throwing', () => {
    const errors: unknown[] = [];
    const boom = new Error('boom');
    const wrapped = guarded(
      (err) => errors.push(err),
      () => {
        throw boom;
      },
    );
    expect(() => wrapped()).not.toThrow();
    expect(errors).toEqual([boom]);
  });

  it('does not throw even when onError throws', () => {
    const wrapped = guarded(
      () => {
        throw new Error('handler');
      },
      () => {
        throw new Error('callback');
      },
    );
    expect(() => wrapped()).not.toThrow();
  });
});
