import type { ChatState } from '../model/chat-state';
import type { Channel } from '../model/types';
import type { Announcer } from './announce';

/**
 * A sysop's KILL of a channel (Exchange `chatcmd /KillChannel:#c,reason`, IRCX `KILL #c :reason`):
 * every member is removed as if the server kicked it. Each local member sees its own
 * `:<server> KICK #c <nick> :<reason>` only: once it is out, the others' removal tells it nothing,
 * and one line per member keeps a big channel's kill O(members) instead of O(members²).
 * A registered channel stays, empty; a dynamic one vanishes with its last member (ChatState).
 * Runs the same on the origin server and on every server applying the `chkill` event.
 */
export function killChannel(
  a: Announcer,
  state: ChatState,
  channel: Channel,
  serverName: string,
  reason: string,
): void {
  const tags = { time: a.now, msgid: a.nextMsgId() };
  for (const { user } of [...channel.members.values()]) {
    if (user.local)
      a.out.deliver([user], { prefix: serverName, command: 'KICK', params: [channel.name, user.nick, reason] }, tags);
    state.removeMember(channel, user);
  }
}
