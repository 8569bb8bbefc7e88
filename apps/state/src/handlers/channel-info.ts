import {
  ERR_CHANOPRIVSNEEDED,
  ERR_NOSUCHCHANNEL,
  ERR_NOTONCHANNEL,
  RPL_LIST,
  RPL_LISTEND,
  type IrcMessage,
} from '@portalchat/protocol';
import { isChannelVisibleTo } from '../engine/channel-rules';
import { actsAsOwnerEverywhere, isHostOrOwner } from '../engine/levels';
import { userPrefix, type RegisteredContext, type CommandSpec } from '../engine/context';
import { eventFeedOf } from '../engine/event-feed';
import { exactNamesOnly, isHiddenFromList, matchesListFilter, parseListFilter } from '../engine/list-filter';
import type { Channel } from '../model/types';
import { broadcastToChannel, channelModeParams, sendEndOfNames, sendNames, sendTopic } from './channel-replies';
import { originStamp } from '../engine/announce';

// TOPIC <channel> [:<topic>]
function handleTopic(ctx: RegisteredContext, msg: IrcMessage): void {
  const [name = '', text] = msg.params;
  const channel = ctx.state.channel(name);
  // A secret channel answers outsiders as if it did not exist (no existence leak).
  if (!channel || (channel.modes.has('s') && !channel.members.has(ctx.user.uid))) {
    ctx.reply(ERR_NOSUCHCHANNEL, name, 'No such channel');
    return;
  }
  const membership = channel.members.get(ctx.user.uid);
  if (text === undefined) {
    sendTopic(ctx, channel, true);
    return;
  }
  // Sysop managers (and sysops under "sysop is owner") act as owners of any channel, even outside it.
  const everywhere = actsAsOwnerEverywhere(ctx.user, ctx.config.ircx);
  if (!membership && !everywhere) {
    ctx.reply(ERR_NOTONCHANNEL, channel.name, "You're not on that channel");
    return;
  }
  if (channel.modes.has('t') && !everywhere && !isHostOrOwner(membership)) {
    ctx.reply(ERR_CHANOPRIVSNEEDED, channel.name, "You're not channel operator");
    return;
  }
  // TOPICLEN counts characters here; code points, so an emoji is never cut in half.
  const topic = Array.from(text).slice(0, ctx.config.limits.topicLength).join('');
  const setBy = userPrefix(ctx.user);
  channel.topic = topic === '' ? undefined : { text: topic, setBy, setAt: ctx.now };
  const line = { prefix: setBy, command: 'TOPIC', params: [channel.name, topic] };
  eventFeedOf(ctx.state)?.channelTopic(channel, ctx.user, topic);
  const stamp = originStamp(ctx);
  broadcastToChannel(ctx, channel, line, undefined, stamp);
  if (!membership) ctx.send(line, stamp);
  ctx.network.emit({
    type: 'topic',
    channel: channel.name,
    text: topic,
    setBy,
    setAt: ctx.now,
    by: ctx.user.uid,
    msgid: stamp.msgid,
  });
}

// NAMES [<channel>{,<channel>}]
function handleNames(ctx: RegisteredContext, msg: IrcMessage): void {
  const [names] = msg.params;
  // Without a channel, ergo and Modern IRC allow a bare end: listing every user of a big network
  // would flood the client for no use, so we answer `366 * :End of /NAMES list`.
  if (!names) {
    sendEndOfNames(ctx, '*');
    return;
  }
  for (const name of names.split(',')) {
    if (name === '') continue;
    const channel = ctx.state.channel(name);
    // Unknown or hidden channels get only the end numeric, as RFC 2812 §3.2.5 says.
    if (channel && isChannelVisibleTo(channel, ctx.user)) sendNames(ctx, channel);
    else sendEndOfNames(ctx, name);
  }
}

// LIST [<channel>{,<channel>}|<elistcond>{,<elistcond>}]
function handleList(ctx: RegisteredContext, msg: IrcMessage): void {
  const filter = parseListFilter(msg.params[0], ctx.now);
  // 321 RPL_LISTSTART is skipped: Modern IRC says clients must not depend on it, and ergo-era
  // clients do not. Output is one 322 per visible channel, then 323.
  const exact = exactNamesOnly(filter);
  const candidates: Iterable<Channel> = exact
    ? [...exact].map((folded) => ctx.state.channels.get(folded)).filter((c): c is Channel => c !== undefined)
    : ctx.state.channels.values();
  for (const channel of candidates) {
    if (!isChannelVisibleTo(channel, ctx.user) || isHiddenFromList(channel, ctx.user, filter)) continue;
    if (!matchesListFilter(channel, filter)) continue;
    const [modes] = channelModeParams(channel, false);
    const topic = channel.topic?.text ?? '';
    ctx.reply(RPL_LIST, channel.name, String(channel.members.size), `[${modes}] ${topic}`);
  }
  ctx.reply(RPL_LISTEND, 'End of /LIST');
}

export const channelInfoCommands: Record<string, CommandSpec> = {
  TOPIC: { handler: handleTopic, minParams: 1 },
  NAMES: { handler: handleNames, minParams: 0 },
  LIST: { handler: handleList, minParams: 0 },
};
