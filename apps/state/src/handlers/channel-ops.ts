import {
  ERR_CHANOPRIVSNEEDED,
  ERR_NEEDMOREPARAMS,
  ERR_NOSUCHCHANNEL,
  ERR_NOSUCHNICK,
  ERR_NOTONCHANNEL,
  ERR_USERNOTINCHANNEL,
  ERR_USERONCHANNEL,
  RPL_AWAY,
  RPL_ENDOFINVITELIST,
  RPL_INVITELIST,
  RPL_INVITING,
  type IrcMessage,
} from '@portalchat/protocol';
import { nickAccessBlocks } from '../engine/access';
import { CAP } from '../engine/caps';
import { actsAsOwnerEverywhere, effectiveRank, isHostOrOwner, isOwner, RANK } from '../engine/levels';
import { userPrefix, type RegisteredContext, type CommandSpec } from '../engine/context';
import type { User } from '../model/types';
import { senderTags } from '../engine/sender-tags';
import { broadcastToChannel } from './channel-replies';
import { originStamp } from '../engine/announce';

// INVITE <nick> <channel>
// INVITE          (Modern IRC: lists the channels the user is invited to, 336 each, then 337)
function handleInvite(ctx: RegisteredContext, msg: IrcMessage): void {
  if (msg.params.length === 0) {
    listInvites(ctx);
    return;
  }
  if (msg.params.length < 2) {
    ctx.reply(ERR_NEEDMOREPARAMS, 'INVITE', 'Not enough parameters');
    return;
  }
  const [nick = '', name = ''] = msg.params;
  const target = ctx.state.userByNick(nick);
  if (!target) {
    ctx.reply(ERR_NOSUCHNICK, nick, 'No such nick/channel');
    return;
  }
  // RFC 2812 allowed inviting to a channel that does not exist; ergo and solanum answer 403,
  // since such an invite would be forgotten at once (channels vanish when empty).
  const channel = ctx.state.channel(name);
  if (!channel) {
    ctx.reply(ERR_NOSUCHCHANNEL, name, 'No such channel');
    return;
  }
  const membership = channel.members.get(ctx.user.uid);
  if (!membership) {
    ctx.reply(ERR_NOTONCHANNEL, channel.name, "You're not on that channel");
    return;
  }
  if (channel.members.has(target.uid)) {
    ctx.reply(ERR_USERONCHANNEL, target.nick, channel.name, 'is already on channel');
    return;
  }
  if (channel.modes.has('i') && !isHostOrOwner(membership)) {
    ctx.reply(ERR_CHANOPRIVSNEEDED, channel.name, "You're not channel operator");
    return;
  }
  // IRCX: ACCESS on the target's own nick may refuse this inviter. As with a SILENCE list the
  // inviter is not told (341 as usual), but nothing is recorded, delivered or sent on.
  if (nickAccessBlocks(target, ctx.user, ctx.now)) {
    ctx.reply(RPL_INVITING, target.nick, channel.name);
    return;
  }
  channel.invited.add(target.uid);
  ctx.network.emit({ type: 'invite', channel: channel.name, uid: target.uid, by: ctx.user.uid });
  ctx.reply(RPL_INVITING, target.nick, channel.name);
  if (target.away !== undefined) ctx.reply(RPL_AWAY, target.nick, target.away);
  const invite = { prefix: userPrefix(ctx.user), command: 'INVITE', params: [target.nick, channel.name] };
  const tags = { time: ctx.now, msgid: ctx.nextMsgId(), ...senderTags(ctx.user) };
  // invite-notify: the operators who could have invited too learn of it (ergo sends it to chanops).
  const watchers: User[] = [target];
  for (const m of channel.members.values()) {
    if (m.user !== ctx.user && isHostOrOwner(m) && m.user.local?.caps.has(CAP.inviteNotify)) watchers.push(m.user);
  }
  ctx.out.deliver(watchers, invite, tags);
}

function listInvites(ctx: RegisteredContext): void {
  for (const channel of ctx.state.channels.values()) {
    if (channel.invited.has(ctx.user.uid)) ctx.reply(RPL_INVITELIST, channel.name);
  }
  ctx.reply(RPL_ENDOFINVITELIST, 'End of /INVITE list');
}

// KICK <channel>{,<channel>} <nick>{,<nick>} [:<reason>]
function handleKick(ctx: RegisteredContext, msg: IrcMessage): void {
  const [channelList = '', nickList = '', givenReason] = msg.params;
  const channels = channelList.split(',').filter((c) => c !== '');
  // TARGMAX bounds how many nicks one KICK may name, as for PRIVMSG.
  const nicks = nickList
    .split(',')
    .filter((n) => n !== '')
    .slice(0, ctx.config.limits.maxTargets);
  // RFC 2812 §3.2.8: one channel and any number of users, or as many channels as users, in pairs.
  if (channels.length === 0 || nicks.length === 0 || (channels.length !== 1 && channels.length < nicks.length)) {
    ctx.reply(ERR_NEEDMOREPARAMS, 'KICK', 'Not enough parameters');
    return;
  }
  const reason = Array.from(givenReason || ctx.user.nick)
    .slice(0, ctx.config.limits.kickLength)
    .join('');
  // Pairs are grouped per channel so a refusal (403/442/482) is said once per channel.
  const byChannel = new Map<string, string[]>();
  nicks.forEach((nick, i) => {
    const name = channels[channels.length === 1 ? 0 : i];
    if (name === undefined) throw new Error('KICK: a nick without its channel (the pairing was checked above)');
    const list = byChannel.get(name);
    if (list) list.push(nick);
    else byChannel.set(name, [nick]);
  });
  for (const [name, targets] of byChannel) kickFrom(ctx, name, targets, reason);
}

function kickFrom(ctx: RegisteredContext, name: string, nicks: readonly string[], reason: string): void {
  const channel = ctx.state.channel(name);
  if (!channel) {
    ctx.reply(ERR_NOSUCHCHANNEL, name, 'No such channel');
    return;
  }
  const membership = channel.members.get(ctx.user.uid);
  // Sysop managers (and sysops under "sysop is owner") act as owners of any channel, even outside it.
  const everywhere = actsAsOwnerEverywhere(ctx.user, ctx.config.ircx);
  if (!membership && !everywhere) {
    ctx.reply(ERR_NOTONCHANNEL, channel.name, "You're not on that channel");
    return;
  }
  const rank = effectiveRank(ctx.user, membership, ctx.config.ircx);
  if (rank < RANK.host) {
    ctx.reply(ERR_CHANOPRIVSNEEDED, channel.name, "You're not channel operator");
    return;
  }
  for (const nick of nicks) {
    const target = ctx.state.userByNick(nick);
    if (!target) {
      ctx.reply(ERR_NOSUCHNICK, nick, 'No such nick/channel');
      continue;
    }
    const targetMembership = channel.members.get(target.uid);
    if (!targetMembership) {
      ctx.reply(ERR_USERNOTINCHANNEL, target.nick, channel.name, "They aren't on that channel");
      continue;
    }
    // "An owner can kick a host; a host cannot kick an owner" (draft-04 §4.2).
    if (isOwner(targetMembership) && rank < RANK.owner) {
      ctx.reply(ERR_CHANOPRIVSNEEDED, channel.name, "You're not channel owner");
      continue;
    }
    // One KICK line per user: "The server MUST NOT send KICK messages with multiple channels or users".
    const kick = { prefix: userPrefix(ctx.user), command: 'KICK', params: [channel.name, target.nick, reason] };
    const stamp = originStamp(ctx);
    broadcastToChannel(ctx, channel, kick, target, stamp);
    if (!membership) ctx.send(kick, stamp);
    ctx.state.removeMember(channel, target);
    ctx.network.emit({ type: 'kick', channel: channel.name, uid: target.uid, by: ctx.user.uid, reason, ...stamp });
    // Kicking the last member (oneself) removes the channel; stop rather than touch a dead one.
    if (!ctx.state.channel(channel.name)) return;
  }
}

export const channelOpsCommands: Record<string, CommandSpec> = {
  INVITE: { handler: handleInvite, minParams: 0 },
  KICK: { handler: handleKick, minParams: 2 },
};
