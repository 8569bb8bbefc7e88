import type { NetEvent } from './network-events';
import {
  arrayOf,
  arrayOfTrusted,
  fieldProblem,
  num,
  object,
  oneOf,
  optional,
  pairOf,
  str,
  type FieldChecks,
} from './shape-check';

interface Sample {
  name: string;
  count?: number;
  size: number;
}

describe('shape checks', () => {
  const sample = object<Sample>({ name: str, count: optional(num), size: num });

  it('accepts a value of the type, with optional fields left out and extra fields', () => {
    expect(sample({ name: 'a', size: 1 })).toBe(true);
    expect(sample({ name: 'a', count: 2, size: 1, extra: true })).toBe(true);
  });

  it('names the first field that fails', () => {
    expect(fieldProblem({ name: 'a', count: '2', size: 1 }, { name: str, count: optional(num), size: num })).toBe(
      'count',
    );
    expect(fieldProblem({ name: 'a' }, { name: str, size: num })).toBe('size');
    expect(fieldProblem([], { name: str })).toBe('(not an object)');
  });

  it('checks literals, pairs and the items of checked arrays, but not of trusted ones', () => {
    expect(oneOf('DATA', 'REPLY')('REPLY')).toBe(true);
    expect(oneOf('DATA', 'REPLY')('KICK')).toBe(false);
    expect(pairOf(str, num)(['a', 1])).toBe(true);
    expect(pairOf(str, num)(['a', 1, 2])).toBe(false);
    expect(arrayOf(num)([1, 'x'])).toBe(false);
    expect(arrayOfTrusted<number>()([1, 'x'])).toBe(true);
    expect(arrayOfTrusted<number>()({ length: 0 })).toBe(false);
  });

  it('does not compile a table of checks that drifts from its type', () => {
    // Each line below is a compile error (`npx nx typecheck protocol` fails if one compiles).
    // @ts-expect-error a field of the type is missing
    const missing: FieldChecks<Sample> = { name: str, count: optional(num) };
    // @ts-expect-error a field the type does not have
    const extra: FieldChecks<Sample> = { name: str, count: optional(num), size: num, colour: str };
    // @ts-expect-error a check of another type
    const mistyped: FieldChecks<Sample> = { name: num, count: optional(num), size: num };
    // @ts-expect-error an optional field checked as required (valid values would be dropped)
    const requiredOptional: FieldChecks<Sample> = { name: str, count: num, size: num };
    // @ts-expect-error a required field checked as optional
    const optionalRequired: FieldChecks<Sample> = { name: optional(str), count: optional(num), size: num };
    // @ts-expect-error a network event's checks without one of its fields (quit's reason)
    const quit: FieldChecks<Omit<Extract<NetEvent, { type: 'quit' }>, 'type'>> = { uid: str };
    const tables = [missing, extra, mistyped, requiredOptional, optionalRequired, quit];
    expect(tables).toHaveLength(6);
  });
});
