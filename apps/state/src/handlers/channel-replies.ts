import {
  CHANNEL_MODE_SPEC,
  RPL_ENDOFNAMES,
  RPL_NAMREPLY,
  RPL_NOTOPIC,
  RPL_TOPIC,
  RPL_TOPICWHOTIME,
  type IrcMessage,
} from '@portalchat/protocol';
import type { CommandContext, RegisteredContext } from '../engine/context';
import { CAP } from '../engine/caps';
import { namesEntry, namesReplyParams, visibleMembers } from '../engine/membership-view';
import { announceToChannel, type Announcer } from '../engine/announce';
import type { Stamp } from '../engine/history/record';
import type { Channel, User } from '../model/types';

/** Replies and broadcasts shared by the channel handlers (JOIN, TOPIC, NAMES, MODE…). */

/** Seconds since the epoch, as 329/333 and the like show times. */
export function seconds(ms: number): string {
  return String(Math.floor(ms / 1000));
}

/**
 * 332 RPL_TOPIC + 333 RPL_TOPICWHOTIME when the channel has a topic. Without one: 331 RPL_NOTOPIC
 * for an explicit TOPIC query, nothing on JOIN (Modern IRC: "If the channel has no topic, the
 * server doesn't send anything" in the JOIN burst).
 */
export function sendTopic(ctx: CommandContext, channel: Channel, replyWhenNone: boolean): void {
  const topic = channel.topic;
  if (topic) {
    ctx.reply(RPL_TOPIC, channel.name, topic.text);
    ctx.reply(RPL_TOPICWHOTIME, channel.name, topic.setBy, seconds(topic.setAt));
  } else if (replyWhenNone) {
    ctx.reply(RPL_NOTOPIC, channel.name, 'No topic is set');
  }
}

/** 353 RPL_NAMREPLY lines (as the client's caps want them), then 366 RPL_ENDOFNAMES. */
export function sendNames(ctx: RegisteredContext, channel: Channel): void {
  const style = {
    multiPrefix: ctx.conn.caps.has(CAP.multiPrefix),
    userhostInNames: ctx.conn.caps.has(CAP.userhostInNames),
    ircx: ctx.conn.ircx,
  };
  const entries = visibleMembers(channel, ctx.user).map((m) => namesEntry(m, style));
  for (const params of namesReplyParams(channel, entries, ctx.config.server.name, ctx.user.nick)) {
    ctx.reply(RPL_NAMREPLY, ...params);
  }
  sendEndOfNames(ctx, channel.name);
}

export function sendEndOfNames(ctx: CommandContext, name: string): void {
  ctx.reply(RPL_ENDOFNAMES, name, 'End of /NAMES list');
}

/**
 * Sends a message from the acting user to every member, the actor included (JOIN, PART, KICK,
 * TOPIC, MODE): one Outbox delivery, with server-time and a msgid for clients that ask.
 */
export function broadcastToChannel(
  ctx: Announcer,
  channel: Channel,
  msg: IrcMessage,
  subject?: User,
  stamp?: Stamp,
): void {
  announceToChannel(ctx, channel, msg, subject, stamp);
}

/**
 * The channel's current modes as MODE params: `['+ntkl', 'key', '10']`. Non-members see the
 * letters but not the key (ergo, solanum); the limit is public.
 */
export function channelModeParams(channel: Channel, showKey: boolean, ircx = false): string[] {
  let word = '+';
  for (const flag of CHANNEL_MODE_SPEC.flags) if (channel.modes.has(flag)) word += flag;
  // IRCX mode e (clone) is no settable letter (e is the exception list): IRCX sessions see it
  // on a clone, plain sessions never do.
  if (ircx && channel.cloneOf !== undefined) word += 'e';
  const args: string[] = [];
  if (channel.key !== undefined) {
    word += 'k';
    args.push(showKey ? channel.key : '*');
  }
  if (channel.limit !== undefined) {
    word += 'l';
    args.push(String(channel.limit));
  }
  return [word, ...args];
}
