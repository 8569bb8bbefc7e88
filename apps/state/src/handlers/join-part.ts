import { ERR_NOSUCHCHANNEL, ERR_NOTONCHANNEL, isValidChannelName, type IrcMessage } from '@portalchat/protocol';
import { DEFAULT_CHANNEL_MODES } from '../engine/channel-rules';
import { sendOnPart } from '../engine/channel-props';
import type { CommandSpec, RegisteredContext } from '../engine/context';
import { userPrefix } from '../engine/context';
import { sendJoinError } from '../engine/errors';
import type { Channel } from '../model/types';
import { broadcastToChannel } from './channel-replies';
import { creatorStatus, enterChannel, joinExisting } from './join-flow';
import { originStamp } from '../engine/announce';

// JOIN <channel>{,<channel>} [<key>{,<key>}]  |  JOIN 0
function handleJoin(ctx: RegisteredContext, msg: IrcMessage): void {
  const [names = '', keyList = ''] = msg.params;
  if (names === '0') {
    partAll(ctx);
    return;
  }
  const keys = keyList.split(',');
  names.split(',').forEach((name, i) => {
    if (name !== '') joinOne(ctx, name, keys[i] || undefined);
  });
}

/**
 * One channel of a JOIN. Order: the name, already a member (nothing), too many channels, then
 * for an existing channel the IRCX decision (joinDecision: ACCESS, +a, keys, +b/+i/+k/+l, with
 * KNOCK on +u and the overflow of a full +d channel into a clone); a missing channel is made
 * (when dynamic channels are allowed) and its creator gets config.ircx.creatorOnJoin.
 */
function joinOne(ctx: RegisteredContext, name: string, key: string | undefined): void {
  const { user, state, config } = ctx;
  if (!isValidChannelName(name, config.limits.channelLength)) {
    sendJoinError(ctx, name, 'bad-channel-name');
    return;
  }
  const existing = state.channel(name);
  if (existing?.members.has(user.uid)) return; // already there: nothing, like ergo and solanum
  if (user.channels.size >= config.limits.maxChannelsPerUser) {
    sendJoinError(ctx, name, 'too-many-channels');
    return;
  }
  if (existing) {
    joinExisting(ctx, existing, key);
    return;
  }
  // Exchange's "allow dynamic channels" off: only registered channels exist to be joined.
  if (!config.ircx.allowDynamicChannels) {
    sendJoinError(ctx, name, 'no-such-channel');
    return;
  }
  const { channel } = state.ensureChannel(name, ctx.now);
  for (const mode of DEFAULT_CHANNEL_MODES) channel.modes.add(mode);
  enterChannel(ctx, channel, creatorStatus(ctx, config.ircx.creatorOnJoin));
}

/** JOIN 0: leave every channel, without a reason (RFC 2812 §3.2.1). */
function partAll(ctx: RegisteredContext): void {
  for (const channel of ctx.state.channelsOf(ctx.user)) partOne(ctx, channel, undefined);
}

// PART <channel>{,<channel>} [:<reason>]
function handlePart(ctx: RegisteredContext, msg: IrcMessage): void {
  const [names = '', reason] = msg.params;
  for (const name of names.split(',')) {
    if (name === '') continue;
    const channel = ctx.state.channel(name);
    if (!channel) {
      ctx.reply(ERR_NOSUCHCHANNEL, name, 'No such channel');
    } else if (!channel.members.has(ctx.user.uid)) {
      ctx.reply(ERR_NOTONCHANNEL, channel.name, "You're not on that channel");
    } else {
      partOne(ctx, channel, reason);
    }
  }
}

function partOne(ctx: RegisteredContext, channel: Channel, reason: string | undefined): void {
  const params = reason ? [channel.name, reason] : [channel.name];
  const stamp = originStamp(ctx);
  broadcastToChannel(ctx, channel, { prefix: userPrefix(ctx.user), command: 'PART', params }, ctx.user, stamp);
  ctx.state.removeMember(channel, ctx.user);
  sendOnPart(ctx.out, channel, ctx.user);
  ctx.network.emit(
    reason
      ? { type: 'part', channel: channel.name, uid: ctx.user.uid, reason, ...stamp }
      : { type: 'part', channel: channel.name, uid: ctx.user.uid, ...stamp },
  );
}

export const joinPartCommands: Record<string, CommandSpec> = {
  JOIN: { handler: handleJoin, minParams: 1 },
  PART: { handler: handlePart, minParams: 1 },
};
