import {
  ERR_BADTAG,
  ERR_NOACCESS,
  ERR_NOSUCHCHANNEL,
  ERR_NOSUCHNICK,
  ERR_NOTEXTTOSEND,
  ERR_NOTONCHANNEL,
  hasChannelPrefix,
  type IrcMessage,
  type NetEvent,
} from '@portalchat/protocol';
import { nickAccessBlocks } from '../engine/access';
import { messageServers } from '../engine/auditorium';
import type { CommandSpec, RegisteredContext } from '../engine/context';
import {
  deliverChannelData,
  deliverSubsetData,
  deliverUserData,
  isValidDataTag,
  reservedTagLevel,
  type DataMessage,
  type DataVerb,
  type TagLevel,
} from '../engine/data-delivery';
import { isAdmin, isGagged, isHostOrOwner, isOwner, isSysop } from '../engine/levels';
import { remoteServersOf } from '../engine/network/to-net';
import type { Channel, User } from '../model/types';
import { namedMembers } from './channel-targets';

/**
 * IRCX DATA, REQUEST and REPLY (draft-04 §1.4): tagged data between client applications, never
 * shown to plain IRC sessions. Targets: a channel (`DATA #c <tag> :<msg>`), some of its members
 * (`DATA #c <nick>{,<nick>} <tag> :<msg>`), or a nick (`DATA <nick> <tag> :<msg>`).
 */

// DATA <channel|nick> [<nick>{,<nick>}] <tag> :<message>   (REQUEST, REPLY alike)
function handleData(ctx: RegisteredContext, msg: IrcMessage, verb: DataVerb): void {
  // minParams 3: the first three are there.
  const [target = '', second = '', third = '', fourth] = msg.params;
  const subsetForm = fourth !== undefined && hasChannelPrefix(target);
  const nickList = subsetForm ? second : undefined;
  const tag = subsetForm ? third : second;
  const text = subsetForm ? fourth : third;
  if (!isValidDataTag(tag)) {
    ctx.reply(ERR_BADTAG, tag, 'Bad message tag');
    return;
  }
  if (text === '') {
    ctx.reply(ERR_NOTEXTTOSEND, 'No text to send');
    return;
  }
  const m: DataMessage = { verb, sender: ctx.user, tag, text, tags: { time: ctx.now, msgid: '' } };
  if (hasChannelPrefix(target)) {
    const channel = ctx.state.channel(target);
    if (!channel) {
      ctx.reply(ERR_NOSUCHCHANNEL, target, 'No such channel');
      return;
    }
    if (!channel.members.has(ctx.user.uid)) {
      ctx.reply(ERR_NOTONCHANNEL, channel.name, "You're not on that channel");
      return;
    }
    if (!mayUseTag(ctx.user, channel, tag)) return refuseTag(ctx, tag);
    if (nickList === undefined) return sendToChannel(ctx, m, channel);
    return sendToSubset(ctx, m, channel, nickList);
  }
  const user = ctx.state.userByNick(target);
  if (!user) {
    ctx.reply(ERR_NOSUCHNICK, target, 'No such nick/channel');
    return;
  }
  if (!mayUseTag(ctx.user, undefined, tag)) return refuseTag(ctx, tag);
  if (nickAccessBlocks(user, ctx.user, ctx.now)) {
    ctx.reply(ERR_NOACCESS, user.nick, 'No access');
    return;
  }
  if (isGagged(ctx.user)) return;
  m.tags.msgid = ctx.nextMsgId();
  if (user.local) deliverUserData(ctx.out, m, user);
  else ctx.network.emit(dataEvent(m, user.uid, undefined), [user.serverId]);
}

/**
 * Reserved prefixes: ADM needs a sysop manager, SYS a sysop, OWN an owner of the channel, HST a
 * host or owner. Levels nest (a sysop may use OWN/HST tags anywhere, an admin SYS tags), and
 * OWN/HST tags to a nick, outside any channel, need a sysop.
 */
function mayUseTag(user: User, channel: Channel | undefined, tag: string): boolean {
  const needed: TagLevel | undefined = reservedTagLevel(tag);
  if (!needed) return true;
  if (isAdmin(user)) return true;
  if (needed === 'admin') return false;
  if (isSysop(user)) return true;
  if (needed === 'sysop' || !channel) return false;
  const membership = channel.members.get(user.uid);
  return needed === 'owner' ? isOwner(membership) : isHostOrOwner(membership);
}

/**
 * The draft lists only 421 and 904 for DATA, so a reserved tag the sender may not use is a bad
 * tag too (904), rather than 908 ERR_SECURITY.
 */
function refuseTag(ctx: RegisteredContext, tag: string): void {
  ctx.reply(ERR_BADTAG, tag, 'Bad message tag');
}

function sendToChannel(ctx: RegisteredContext, m: DataMessage, channel: Channel): void {
  if (isGagged(ctx.user)) return;
  m.tags.msgid = ctx.nextMsgId();
  deliverChannelData(ctx.out, m, channel);
  if (!ctx.network.enabled) return;
  const servers = messageServers(channel, ctx.user, ctx.state.serverId);
  if (servers.length) ctx.network.emit(dataEvent(m, channel.name, undefined), servers);
}

function sendToSubset(ctx: RegisteredContext, m: DataMessage, channel: Channel, nickList: string): void {
  const targets = namedMembers(ctx, channel, nickList, ctx.reply.bind(ctx));
  if (targets.length === 0 || isGagged(ctx.user)) return;
  m.tags.msgid = ctx.nextMsgId();
  deliverSubsetData(ctx.out, m, channel, targets);
  const servers = remoteServersOf(targets);
  if (servers.length)
    ctx.network.emit(
      dataEvent(
        m,
        channel.name,
        targets.map((t) => t.uid),
      ),
      servers,
    );
}

function dataEvent(m: DataMessage, to: string, nicks: string[] | undefined): NetEvent {
  return {
    type: 'data',
    command: m.verb,
    from: m.sender.uid,
    to,
    ...(nicks ? { nicks } : {}),
    tag: m.tag,
    text: m.text,
    time: m.tags.time,
    msgid: m.tags.msgid as string,
  };
}

export const dataCommands: Record<string, CommandSpec> = {
  DATA: { handler: (ctx, msg) => handleData(ctx, msg, 'DATA'), minParams: 3, ircxOnly: true },
  REQUEST: { handler: (ctx, msg) => handleData(ctx, msg, 'REQUEST'), minParams: 3, ircxOnly: true },
  REPLY: { handler: (ctx, msg) => handleData(ctx, msg, 'REPLY'), minParams: 3, ircxOnly: true },
};
