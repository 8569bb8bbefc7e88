import { ircLower, type IrcMessage } from '@portalchat/protocol';
import type { ChatState } from './chat-types';
import { nickOf } from './names';

/** How many lines of history a channel window asks for when it is joined. */
export const HISTORY_ON_JOIN = 50;

/**
 * Lines the client sends by itself in answer to a server line: PONG to PING, and on joining a
 * channel its latest history when the server offers draft/chathistory (which comes in a batch
 * with server-time and msgids: server-lines.ts merges it into the window).
 */
export function autoReplies(state: ChatState, msg: IrcMessage): string[] {
  if (msg.command === 'PING') return [`PONG :${msg.params[0] ?? ''}`];
  if (msg.command === 'JOIN' && ircLower(nickOf(msg.prefix)) === ircLower(state.me)) {
    if (state.caps.includes('draft/chathistory') && state.caps.includes('batch')) {
      return [`CHATHISTORY LATEST ${msg.params[0] ?? ''} * ${HISTORY_ON_JOIN}`];
    }
  }
  return [];
}
