import {
  CHANNEL_MODE_SPEC,
  ERR_ALREADYONCHANNEL,
  ERR_CHANNELEXIST,
  ERR_CHANOPRIVSNEEDED,
  ERR_NEEDMOREPARAMS,
  ERR_UNKNOWNMODE,
  isValidChannelName,
  type IrcMessage,
  type ModeChange,
} from '@portalchat/protocol';
import { applyInitialModes } from '../engine/channel-mode-changes';
import { modeActorOf } from '../engine/channel-mode-rights';
import { oidOf } from '../engine/channel-props';
import { DEFAULT_CHANNEL_MODES } from '../engine/channel-rules';
import { canBeCloned } from '../engine/clones';
import { userPrefix, type RegisteredContext, type CommandSpec } from '../engine/context';
import { sendJoinError, sendModeError } from '../engine/errors';
import { RANK } from '../engine/levels';
import type { Channel } from '../model/types';
import { creatorStatus, decide, enterChannel, enterClone, joinExisting, newClone, refuseJoin } from './join-flow';

/**
 * IRCX CREATE (draft-04 §5.3): make a channel with its modes in one step, the only way to set
 * `x` (auditorium). `CREATE #My tnmlkc 50 pw`: the letters are flag modes, except `c` (fail with
 * 926 if the channel exists) and `e` (join a new clone of an existing +d channel); `l` and `k`
 * take their arguments in order. An existing channel without `c` is joined as by JOIN.
 */

interface CreateRequest {
  createOnly: boolean;
  forceClone: boolean;
  changes: ModeChange[];
  /** The `k` argument: also the key tried when the channel exists. */
  key?: string;
}

/** Reads the letters, or undefined after 461 (an `l`/`k` without its argument); unknown letters get 472. */
function parseRequest(ctx: RegisteredContext, letters: string, args: string[]): CreateRequest | undefined {
  const request: CreateRequest = { createOnly: false, forceClone: false, changes: [] };
  const queue = [...args];
  for (const letter of letters.replace(/^\+/, '')) {
    if (letter === 'c') request.createOnly = true;
    else if (letter === 'e') request.forceClone = true;
    else if (letter === 'l' || letter === 'k') {
      const arg = queue.shift();
      if (arg === undefined) {
        ctx.reply(ERR_NEEDMOREPARAMS, 'CREATE', 'Not enough parameters');
        return undefined;
      }
      request.changes.push({ add: true, mode: letter, arg });
      if (letter === 'k') request.key = arg;
    } else if (CHANNEL_MODE_SPEC.flags.includes(letter)) {
      request.changes.push({ add: true, mode: letter });
    } else {
      ctx.reply(ERR_UNKNOWNMODE, letter, 'is unknown mode char to me');
    }
  }
  return request;
}

// CREATE <channel> [<modes> [<mode args>…]]
function handleCreate(ctx: RegisteredContext, msg: IrcMessage): void {
  const [name = '', letters = '', ...args] = msg.params;
  const { user, state, config } = ctx;
  if (!isValidChannelName(name, config.limits.channelLength)) {
    sendJoinError(ctx, name, 'bad-channel-name');
    return;
  }
  const request = parseRequest(ctx, letters, args);
  if (!request) return;
  const existing = state.channel(name);
  if (existing && request.createOnly) {
    ctx.reply(ERR_CHANNELEXIST, existing.name, 'Channel already exists');
    return;
  }
  if (existing?.members.has(user.uid)) {
    ctx.reply(ERR_ALREADYONCHANNEL, existing.name, 'Already in the channel');
    return;
  }
  if (user.channels.size >= config.limits.maxChannelsPerUser) {
    sendJoinError(ctx, name, 'too-many-channels');
    return;
  }
  if (existing) {
    if (request.forceClone && canBeCloned(existing)) forceClone(ctx, existing, request.key);
    else joinExisting(ctx, existing, request.key);
    return;
  }
  if (!config.ircx.allowDynamicChannels) {
    sendJoinError(ctx, name, 'no-such-channel');
    return;
  }
  createChannel(ctx, name, request);
}

/**
 * A new channel: the usual defaults (n, t) plus the letters asked, applied with the creator's
 * rights as the future owner (f, r and z still need a sysop manager, a sysop, the server).
 * The creator gets config.ircx.creatorOnCreate, sees `CREATE <chan> <oid>` and then the JOIN
 * burst; the other servers get the whole channel (x, k, l included) before the join.
 */
function createChannel(ctx: RegisteredContext, name: string, request: CreateRequest): void {
  const { channel } = ctx.state.ensureChannel(name, ctx.now);
  for (const mode of DEFAULT_CHANNEL_MODES) channel.modes.add(mode);
  const { errors, refused } = applyInitialModes(
    {
      state: ctx.state,
      channel,
      changes: request.changes,
      setBy: userPrefix(ctx.user),
      now: ctx.now,
      modesPerCommand: Infinity,
      maxListEntries: ctx.config.limits.maxListEntries,
    },
    { ...modeActorOf(ctx.user, channel, ctx.config.ircx), rank: RANK.owner },
  );
  for (const error of errors) sendModeError(ctx, channel.name, error);
  for (const { mode } of refused) ctx.reply(ERR_CHANOPRIVSNEEDED, channel.name, `You may not set mode ${mode}`);
  sendCreated(ctx, channel);
  enterChannel(ctx, channel, creatorStatus(ctx, ctx.config.ircx.creatorOnCreate), { announceChannel: true });
}

/**
 * `CREATE #chat e`: a new clone of a +d channel even when the parent has room. The joiner must
 * still pass the parent's rules other than its limit (bans, keys, ACCESS), and keeps the status
 * those give in the clone, whose ACCESS list is a copy of the parent's.
 */
function forceClone(ctx: RegisteredContext, parent: Channel, key: string | undefined): void {
  const decision = decide(ctx, parent, key);
  if ('refusal' in decision && decision.refusal !== 'channel-full') {
    refuseJoin(ctx, parent, decision.refusal, decision.reason);
    return;
  }
  const clone = newClone(ctx, parent);
  if (!clone) {
    refuseJoin(ctx, parent, 'channel-full');
    return;
  }
  sendCreated(ctx, clone);
  enterClone(ctx, parent, clone, 'status' in decision ? decision.status : '');
}

/** `:<server> CREATE <chan> <oid>`, to the creator only (an IRCX session: CREATE is ircxOnly). */
function sendCreated(ctx: RegisteredContext, channel: Channel): void {
  ctx.send({ prefix: ctx.config.server.name, command: 'CREATE', params: [channel.name, oidOf(channel)] });
}

export const createCommands: Record<string, CommandSpec> = {
  CREATE: { handler: handleCreate, minParams: 1, ircxOnly: true },
};
