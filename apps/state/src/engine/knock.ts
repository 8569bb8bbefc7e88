import type { Channel, User } from '../model/types';
import { userPrefix } from './context';
import { JOIN_ERRORS } from './errors';
import { isHostOrOwner } from './levels';
import type { Outbox } from './outbox';

/**
 * IRCX KNOCK (mode u, draft-04 §5.4): when a join to a +u channel is refused, the channel's
 * owners and hosts hear of it. IRCX sessions get `:<n!u@h> KNOCK <chan> <numeric>`; plain IRC
 * sessions, which must never see KNOCK, get a NOTICE to the channel from the server.
 * The same function runs on the joiner's server and, through a `knock` event, on the others, so
 * every host sees the same line wherever it is connected, with the same msgid.
 */

/** The text of a refusal numeric as JOIN gives it (`Cannot join channel (+i)`), for the NOTICE. */
export function knockText(numeric: string): string {
  for (const { numeric: code, text } of Object.values(JOIN_ERRORS)) if (code === numeric) return text;
  return 'Cannot join channel';
}

export function deliverKnock(
  out: Outbox,
  serverName: string,
  channel: Channel,
  knocker: User,
  numeric: string,
  tags: { time: number; msgid: string },
): void {
  const hosts: User[] = [];
  for (const m of channel.members.values()) if (isHostOrOwner(m)) hosts.push(m.user);
  out.deliverByPersonality(
    hosts,
    { prefix: userPrefix(knocker), command: 'KNOCK', params: [channel.name, numeric] },
    {
      prefix: serverName,
      command: 'NOTICE',
      params: [channel.name, `${knocker.nick} knocked (${knockText(numeric)})`],
    },
    tags,
  );
}
