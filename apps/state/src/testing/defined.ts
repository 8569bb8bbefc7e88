/**
 * For specs: `value` when it is there, else a thrown Error naming `what`, so a missing element
 * fails the test with a clear message instead of a TypeError further on.
 */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what}, found none`);
  return value;
}
