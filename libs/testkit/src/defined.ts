/**
 * Narrows a value a spec expects to be present: returns it, or throws an Error naming `what` when it is
 * `undefined` or `null` (so a failing spec says which value was missing instead of a later TypeError).
 */
export function defined<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) {
    throw new Error(`expected ${what} to be defined, got ${String(value)}`);
  }
  return value;
}
