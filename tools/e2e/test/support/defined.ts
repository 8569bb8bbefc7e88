/**
 * `value`, or a thrown Error naming `what` when it is undefined: for a spec that indexes a list or
 * a regex match it knows the shape of (noUncheckedIndexedAccess), so a surprise fails with a reason.
 * (A local stand-in for the testkit's `defined`; the two can be merged.)
 */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what}, got undefined`);
  return value;
}
