import type { CommandContext } from './context';

/**
 * IRCv3 standard replies (https://ircv3.net/specs/extensions/standard-replies):
 * `:<server> FAIL|WARN|NOTE <command> <code> [<context>…] :<description>`. `command` is the
 * command the reply is about (`*` when none); `code` a machine-readable SCREAMING_SNAKE_CASE
 * code from the spec of the command (ACCOUNT_REQUIRED, INVALID_PARAMS…); `context` optional
 * params the spec of that code names. No capability gates them: the spec sends them to everyone.
 */
export type StandardReplyKind = 'FAIL' | 'WARN' | 'NOTE';

export function standardReply(
  ctx: Pick<CommandContext, 'send' | 'config'>,
  kind: StandardReplyKind,
  command: string,
  code: string,
  context: readonly string[],
  description: string,
): void {
  ctx.send({ prefix: ctx.config.server.name, command: kind, params: [command, code, ...middle(context), description] });
}

/** FAIL: the command failed (the commonest standard reply). */
export function sendFail(
  ctx: Pick<CommandContext, 'send' | 'config'>,
  command: string,
  code: string,
  context: readonly string[],
  description: string,
): void {
  standardReply(ctx, 'FAIL', command, code, context, description);
}

/**
 * Context params sit in the middle of the line: one that is empty, holds a space or starts
 * with ':' (client input echoed) would break it, so it is shown as `*`, as numerics do.
 */
function middle(context: readonly string[]): string[] {
  return context.map((p) => (p === '' || p.includes(' ') || p.startsWith(':') ? '*' : p));
}
