import type { ChatState } from '../model/chat-state';
import type { Channel, User } from '../model/types';
import { isHostOrOwner } from './levels';
import type { Outbox } from './outbox';

/**
 * IRCX channel LAG (0–2 s; as the IRCX draft describes it, an artificial delay between a
 * member's subsequent messages in the channel). State has no timers, so the delay is applied where time passes anyway: the
 * user's gateway spaces that connection's PRIVMSG/NOTICE/TAGMSG lines by the largest LAG of the
 * channels it is a plain member of (a LagOp), before they reach state, in order with its other
 * lines (as flood control holds them). Hosts and owners, who set LAG, are not slowed by it.
 *
 * The value is sent when it changes: on JOIN of a LAG channel, when a channel's LAG changes (here
 * or on another server), and, for what lowers it (PART, KICK, becoming host), at the user's next
 * channel message.
 */

/** A channel's LAG in milliseconds; 0 when unset or not a digit 0–2. */
export function channelLagMs(channel: Channel): number {
  const value = channel.props.get('LAG');
  return value === '1' ? 1000 : value === '2' ? 2000 : 0;
}

/** The spacing for `user`'s messages: the largest LAG among its channels where it is a plain member. */
export function userLagMs(state: ChatState, user: User): number {
  let ms = 0;
  for (const name of user.channels) {
    const channel = state.channel(name);
    if (!channel) continue;
    const lag = channelLagMs(channel);
    if (lag > ms && !isHostOrOwner(channel.members.get(user.uid))) ms = lag;
  }
  return ms;
}

/** Tells a local user's gateway its spacing, when it differs from what the gateway has. */
export function syncUserLag(state: ChatState, out: Outbox, user: User): void {
  const conn = user.local;
  if (!conn) return;
  const ms = userLagMs(state, user);
  if ((conn.lagMs ?? 0) === ms) return;
  // Absent once back to 0: the message path checks it before walking the user's channels.
  if (ms === 0) delete conn.lagMs;
  else conn.lagMs = ms;
  out.lag(conn, ms);
}

/** A channel's LAG changed: each local member's spacing may have. */
export function syncChannelLag(state: ChatState, out: Outbox, channel: Channel): void {
  for (const m of channel.members.values()) syncUserLag(state, out, m.user);
}
