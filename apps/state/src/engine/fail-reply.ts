import type { CommandContext } from './context';

/**
 * A standard reply `FAIL <command> <code> [<context>…] :<description>`
 * (https://ircv3.net/specs/extensions/standard-replies), from this server to the asking client.
 */
export function sendFail(ctx: CommandContext, command: string, code: string, ...rest: [...string[], string]): void {
  ctx.send({ prefix: ctx.config.server.name, command: 'FAIL', params: [command, code, ...rest] });
}
