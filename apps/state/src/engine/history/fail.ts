import type { CommandContext } from '../context';

/**
 * `FAIL <command> <code> <context…> :<text>` (https://ircv3.net/specs/extensions/standard-replies).
 * Context params echo client input: one that could not be a middle param (empty, a space, a
 * leading ':' or a line break) is shown as `*`, so the reply always serialises.
 */
export function sendFail(ctx: CommandContext, command: string, code: string, context: string[], text: string): void {
  ctx.send({
    prefix: ctx.config.server.name,
    command: 'FAIL',
    params: [command, code, ...context.map(safeParam), text],
  });
}

/** A middle param as given, or `*` when it could not be one. */
export function safeParam(p: string): string {
  return p === '' || p.includes(' ') || p.charCodeAt(0) === 0x3a || /[\r\n\0]/.test(p) ? '*' : p;
}
