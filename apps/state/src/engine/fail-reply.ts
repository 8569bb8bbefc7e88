import type { IrcMessage } from '@portalchat/protocol';
import type { CommandContext } from './context';

/**
 * A standard reply `FAIL <command> <code> [<context>…] :<description>`
 * (https://ircv3.net/specs/extensions/standard-replies), from this server to the asking client.
 */
export function sendFail(ctx: CommandContext, command: string, code: string, ...rest: [...string[], string]): void {
  ctx.send(failMessage(ctx.config.server.name, command, code, ...rest));
}

/**
 * The FAIL line itself. Context params echo what the client sent, which may be empty, hold a
 * space or start with ':': such a param becomes `*` (ergo's SafeErrorParam), so the line stays
 * one valid message.
 */
export function failMessage(server: string, command: string, code: string, ...rest: string[]): IrcMessage {
  const params = [command, code, ...rest].map((p, i, all) =>
    i < all.length - 1 && (p === '' || p.includes(' ') || p.startsWith(':')) ? '*' : p,
  );
  return { prefix: server, command: 'FAIL', params };
}
