import { ERR_NOSUCHCHANNEL, ERR_NOTONCHANNEL, isValidChannelName, type IrcMessage } from '@portalchat/protocol';
import type { CommandSpec } from '../commands/registry';
import { DEFAULT_CHANNEL_MODES, joinRefusal } from '../engine/channel-rules';
import type { RegisteredContext } from '../engine/context';
import { userPrefix } from '../engine/context';
import { announceJoin } from '../engine/announce';
import { sendJoinError } from '../engine/errors';
import type { Channel } from '../model/types';
import { broadcastToChannel, sendNames, sendTopic } from './channel-replies';


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
    const refusal = joinRefusal(existing, user, key);
    if (refusal) {
      sendJoinError(ctx, existing.name, refusal);
      return;
    }
  }
  const { channel, created } = state.ensureChannel(name, ctx.now);
  if (created) for (const mode of DEFAULT_CHANNEL_MODES) channel.modes.add(mode);
  const modes = created ? 'o' : '';
  state.addMember(channel, user, modes, ctx.now);
  announceJoin(ctx, channel, user);
  ctx.network.emit({ type: 'join', channel: channel.name, channelTs: channel.createdAt, uid: user.uid, modes });
  sendTopic(ctx, channel, false);
  sendNames(ctx, channel);
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
  broadcastToChannel(ctx, channel, { prefix: userPrefix(ctx.user), command: 'PART', params });
  ctx.state.removeMember(channel, ctx.user);
  ctx.network.emit(reason ? { type: 'part', channel: channel.name, uid: ctx.user.uid, reason } : { type: 'part', channel: channel.name, uid: ctx.user.uid });
}

export const joinPartCommands: Record<string, CommandSpec> = {
  JOIN: { handler: handleJoin, minParams: 1 },
  PART: { handler: handlePart, minParams: 1 },
};
