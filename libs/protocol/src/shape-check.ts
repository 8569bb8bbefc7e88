/**
 * Small type guards for checking the shape of a message from another service or host, built so
 * that the checks are tied to the TypeScript types they guard: `FieldChecks<T>` asks for one
 * check per property of T, so a field added to, removed from or retyped in a payload type fails
 * to compile until its check follows. Pure and allocation-light: they run on received messages.
 */

/** A type guard for one value of the contract. */
export type Check<T> = (value: unknown) => value is T;

/** A check that also accepts a missing field; the only kind `FieldChecks` takes for an optional property. */
export type OptionalCheck<T> = Check<T | undefined> & { readonly optional: true };

/**
 * One check per property of T, named exactly as T names them: a missing or unknown field, a check
 * of another type, or a required check on an optional field (or the reverse) does not compile.
 */
export type FieldChecks<T> = {
  readonly [F in keyof T]-?: undefined extends T[F] ? OptionalCheck<T[F]> : Check<T[F]>;
};

export const str: Check<string> = (v): v is string => typeof v === 'string';
export const num: Check<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);
export const bool: Check<boolean> = (v): v is boolean => typeof v === 'boolean';
// A type predicate must name its parameter, even one that accepts every value without reading it.
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the parameter exists for the predicate type
export const anything: Check<unknown> = (_v): _v is unknown => true;

export function optional<T>(check: Check<T>): OptionalCheck<T> {
  const orMissing = (v: unknown): v is T | undefined => v === undefined || check(v);
  return Object.assign(orMissing, { optional: true as const });
}

export function oneOf<const T extends readonly string[]>(...values: T): Check<T[number]> {
  return (v): v is T[number] => typeof v === 'string' && values.includes(v);
}

export function arrayOf<T>(check: Check<T>): Check<T[]> {
  return (v): v is T[] => Array.isArray(v) && v.every(check);
}

/**
 * An array whose items are not checked one by one: for the batches between the services of one
 * host, where checking every item of every batch would cost the hot path (see envelope-kinds.ts).
 */
export function arrayOfTrusted<T>(): Check<T[]> {
  return (v): v is T[] => Array.isArray(v);
}

export function pairOf<A, B>(first: Check<A>, second: Check<B>): Check<[A, B]> {
  return (v): v is [A, B] => Array.isArray(v) && v.length === 2 && first(v[0]) && second(v[1]);
}

export const stringRecord: Check<Record<string, string>> = (v): v is Record<string, string> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

export function object<T>(fields: FieldChecks<T>): Check<T> {
  return (v): v is T => fieldProblem(v, fields) === undefined;
}

/** The first field of `value` that fails its check (nested objects report their own top field). */
export function fieldProblem(value: unknown, fields: { readonly [name: string]: Check<unknown> }): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return '(not an object)';
  const record = value as Record<string, unknown>;
  for (const [name, check] of Object.entries(fields)) if (!check(record[name])) return name;
  return undefined;
}
