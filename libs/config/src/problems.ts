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
 * Fields whose value is a secret, by their last key: a portal's `secret`, a `passwordHash` (where
 * people put the plain password by mistake), any password or key. Their bad values are never
 * echoed: `--check` output and a service's start-up error end up in logs and terminals.
 */
const SECRET_FIELD = /secret|password|key$/i;

/** "got" for a secret field: its kind and size only. */
export function describeSecret(value: unknown): string {
  if (typeof value === 'string') return `a string of ${value.length} characters (not shown: a secret)`;
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value} (not shown: a secret)`;
  return describeValue(value);
}

function isSecretPath(path: readonly PropertyKey[]): boolean {
  const last = path[path.length - 1];
  // A TLS section's `key` is the path of the key file, not the key: showing it helps.
  if (last === 'key' && path[path.length - 2] === 'tls') return false;
  return typeof last === 'string' && SECRET_FIELD.test(last);
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
      got: presetGot ?? (isSecretPath(issue.path) ? describeSecret(issue.input) : describeValue(issue.input)),
    });
  }
  return problems;
}
