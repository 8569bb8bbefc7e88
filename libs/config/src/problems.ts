import type { z } from 'zod';

/**
 * One thing wrong with a host file. Rendered as `<file>: <path>: expected <what>, got <what>`,
 * the single format every config message uses, so a user can grep and an editor can jump.
 */
export interface Problem {
  /** `limits.maxConnections`, `portals[1].name`; empty for the document itself. */
  path: string;
  expected: string;
  got: string;
}

export function formatProblem(source: string, problem: Problem): string {
  const where = problem.path === '' ? '(top level)' : problem.path;
  return `${source}: ${where}: expected ${problem.expected}, got ${problem.got}`;
}

/** `['listen', 'irc', 0, 'port']` → `listen.irc[0].port`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** How the offending value is shown after "got": short, in YAML's own terms. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  switch (typeof value) {
    case 'object':
      return 'a mapping';
    case 'string': {
      const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
      return JSON.stringify(shown);
    }
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
    case 'function':
      return String(value);
    default:
      return 'nothing'; // typeof 'undefined', handled above
  }
}

/**
 * Turns zod issues into problems. Field messages were set by fields.ts to the "expected" text;
 * unknown keys become one problem per key; custom issues may carry a ready `params.got`.
 * Needs issues parsed with `reportInput: true`, or every "got" reads "nothing".
 */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[]): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const hints = issue.message.split('\n');
      issue.keys.forEach((key, i) => {
        const hint = hints[i] ? ` (${hints[i]})` : '';
        problems.push({
          path: formatPath([...issue.path, key]),
          expected: 'no such field',
          got: `${JSON.stringify(key)}${hint}`,
        });
      });
      continue;
    }
    const presetGot = issue.code === 'custom' ? (issue.params?.got as string | undefined) : undefined;
    // A record key that fails its schema: zod says "Invalid key in record" and keeps the key
    // schema's own message (the "expected" text) in the nested issues.
    const keyMessage = issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
    problems.push({
      path: formatPath(issue.path),
      expected: keyMessage ?? issue.message,
      got: presetGot ?? describeValue(issue.input),
    });
  }
  return problems;
}
