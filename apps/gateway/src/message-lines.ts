import type { FramedItem } from './line-framer';

const MESSAGE_COMMANDS = new Set(['PRIVMSG', 'NOTICE', 'TAGMSG']);

/**
 * Whether a client's line is a message (PRIVMSG, NOTICE, TAGMSG, any case): the lines IRCX LAG
 * spaces (flood-control.ts). Reads only the command word, after the optional `@tags` and
 * `:prefix`; everything else about the line is state's business.
 */
export function isMessageLine(item: FramedItem): boolean {
  if (item.kind !== 'line') return false;
  const { line } = item;
  let start = 0;
  if (line.startsWith('@')) start = skipWord(line, start);
  if (line.charAt(start) === ':') start = skipWord(line, start);
  let end = line.indexOf(' ', start);
  if (end === -1) end = line.length;
  return MESSAGE_COMMANDS.has(line.slice(start, end).toUpperCase());
}

/** The index after the word at `from` and the spaces that follow it. */
function skipWord(line: string, from: number): number {
  let i = line.indexOf(' ', from);
  if (i === -1) return line.length;
  while (line.charAt(i) === ' ') i++;
  return i;
}
