import { ERR_NOSUCHCHANNEL, ERR_NOTONCHANNEL, isValidChannelName, type IrcMessage } from '@portalchat/protocol';
import type { CommandSpec } from '../commands/registry';
import { CAP } from '../engine/caps';
import { joinRefusal } from '../engine/channel-rules';
import type { RegisteredContext } from '../engine/context';
import { userPrefix } from '../engine/context';
import { sendJoinError } from '../engine/errors';
import type { Channel, User } from '../model/types';
import { broadcastToChannel, sendNames, sendTopic } from './channel-replies';

/** Modes a new channel starts with: no outside messages, topic for ops only (Exchange, most ircds). */
export const DEFAULT_CHANNEL_MODES = ['n', 't'] as const;

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
  state.addMember(channel, user, created ? ['o'] : [], ctx.now);
  announceJoin(ctx, channel, user);
  sendTopic(ctx, channel, false);
  sendNames(ctx, channel);
}

/**
 * `:nick!user@host JOIN #chan` to every member, the joiner included; extended-join clients get
 * `JOIN #chan <account> :<realname>` (no accounts yet, so `*`). Two deliveries at most, one per form,
 * then the joiner's AWAY for away-notify members when the joiner is away.
 */
function announceJoin(ctx: RegisteredContext, channel: Channel, user: User): void {
  const plain: User[] = [];
  const extended: User[] = [];
  for (const m of channel.members.values()) {
    (m.user.local?.caps.has(CAP.extendedJoin) ? extended : plain).push(m.user);
  }
  const prefix = userPrefix(user);
  const tags = { time: ctx.now, msgid: ctx.nextMsgId() };
  if (plain.length) ctx.out.deliver(plain, { prefix, command: 'JOIN', params: [channel.name] }, tags);
  if (extended.length) {
    ctx.out.deliver(extended, { prefix, command: 'JOIN', params: [channel.name, '*', user.realname] }, tags);
  }
  // away-notify: "Clients will be sent an AWAY message [...] when a user joins and has an away
  // message set" — right after the JOIN, to the other members that asked for it.
  if (user.away !== undefined) {
    const watchers: User[] = [];
    for (const m of channel.members.values()) {
      if (m.user !== user && m.user.local?.caps.has(CAP.awayNotify)) watchers.push(m.user);
    }
    if (watchers.length) ctx.out.deliver(watchers, { prefix, command: 'AWAY', params: [user.away] }, { time: ctx.now });
  }
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
}

export const joinPartCommands: Record<string, CommandSpec> = {
  JOIN: { handler: handleJoin, minParams: 1 },
  PART: { handler: handlePart, minParams: 1 },
};
