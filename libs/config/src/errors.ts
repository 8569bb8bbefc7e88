/**
 * A host file that cannot be used. `message` lists every problem, one per line, each starting
 * with the file name (`config/chatsrv1.yaml: limits.maxConnections: expected integer ≥ 1, got "lots"`);
 * `problems` holds the same lines for callers that want to count or filter them.
 */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: ErrorOptions) {
    super(problems.join('\n'), options);
    this.name = 'ConfigError';
    this.problems = Object.freeze([...problems]);
  }
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
};

/**
 * A short reason for a failed file read (`no such file or directory`). Duck-typed, because
 * errors from node:fs may come from another realm (jest's sandbox) where `instanceof Error` fails.
 */
export function describeReadError(err: unknown): string {
  const { code, message } = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    message?: unknown;
  };
  if (typeof code === 'string' && FS_REASONS[code]) return FS_REASONS[code];
  return typeof message === 'string' ? message : String(err);
}
