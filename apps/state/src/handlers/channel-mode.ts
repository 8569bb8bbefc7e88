import {
  CHANNEL_MODE_SPEC,
  ERR_CHANOPRIVSNEEDED,
  ERR_NOSUCHCHANNEL,
  ERR_UNKNOWNMODE,
  RPL_BANLIST,
  RPL_CHANNELMODEIS,
  RPL_CREATIONTIME,
  RPL_ENDOFBANLIST,
  RPL_ENDOFEXCEPTLIST,
  RPL_ENDOFINVEXLIST,
  RPL_EXCEPTLIST,
  RPL_INVEXLIST,
  formatModeChanges,
  parseModeString,
  type IrcMessage,
} from '@portalchat/protocol';
import { applyChannelModeChanges } from '../engine/channel-mode-changes';
import { isOp } from '../engine/channel-rules';
import { userPrefix, type RegisteredContext } from '../engine/context';
import { sendModeError } from '../engine/errors';
import type { Channel } from '../model/types';
import { netModeChangesOf } from '../engine/network/to-net';
import { broadcastToChannel, channelModeParams, seconds } from './channel-replies';

/** The numerics that list each list mode, and the text of their end line. */
const LIST_REPLIES: Readonly<Record<string, { entry: string; end: string; text: string }>> = {
  b: { entry: RPL_BANLIST, end: RPL_ENDOFBANLIST, text: 'End of channel ban list' },
  e: { entry: RPL_EXCEPTLIST, end: RPL_ENDOFEXCEPTLIST, text: 'End of channel exception list' },
  I: { entry: RPL_INVEXLIST, end: RPL_ENDOFINVEXLIST, text: 'End of channel invite list' },
};

// MODE <channel> [<modestring> [<mode arguments>…]]
export function handleChannelMode(ctx: RegisteredContext, msg: IrcMessage): void {
  const [name = '', modeString, ...args] = msg.params;
  const channel = ctx.state.channel(name);
  if (!channel) {
    ctx.reply(ERR_NOSUCHCHANNEL, name, 'No such channel');
    return;
  }
  const membership = channel.members.get(ctx.user.uid);
  if (modeString === undefined) {
    ctx.reply(RPL_CHANNELMODEIS, channel.name, ...channelModeParams(channel, membership !== undefined));
    ctx.reply(RPL_CREATIONTIME, channel.name, seconds(channel.createdAt));
    return;
  }
  const parsed = parseModeString(modeString, args, CHANNEL_MODE_SPEC);
  for (const letter of parsed.unknown) ctx.reply(ERR_UNKNOWNMODE, letter, 'is unknown mode char to me');
  // Anyone may read the lists (ergo, solanum); changing anything needs channel operator status.
  for (const mode of parsed.listQueries) sendList(ctx, channel, mode);
  if (parsed.changes.length === 0 && parsed.missingArg.length === 0) return;
  if (!isOp(membership)) {
    ctx.reply(ERR_CHANOPRIVSNEEDED, channel.name, "You're not channel operator");
    return;
  }
  for (const missing of parsed.missingArg) sendModeError(ctx, channel.name, { code: 'missing-param', mode: missing.mode });
  const { applied, errors } = applyChannelModeChanges({
    state: ctx.state,
    channel,
    changes: parsed.changes,
    setBy: userPrefix(ctx.user),
    now: ctx.now,
    modesPerCommand: ctx.config.limits.modesPerCommand,
    maxListEntries: ctx.config.limits.maxListEntries,
  });
  for (const error of errors) sendModeError(ctx, channel.name, error);
  if (applied.length === 0) return;
  broadcastToChannel(ctx, channel, {
    prefix: userPrefix(ctx.user),
    command: 'MODE',
    params: [channel.name, ...formatModeChanges(applied)],
  });
  ctx.network.emit({
    type: 'cmode',
    channel: channel.name,
    channelTs: channel.createdAt,
    by: ctx.user.uid,
    changes: netModeChangesOf(ctx.state, applied),
  });
}

/** 367/368, 348/349 or 346/347: `<channel> <mask> <set by> <set at>` per entry, then the end. */
function sendList(ctx: RegisteredContext, channel: Channel, mode: string): void {
  const replies = LIST_REPLIES[mode];
  if (!replies) return;
  for (const entry of channel.lists[mode as 'b' | 'e' | 'I']) {
    ctx.reply(replies.entry, channel.name, entry.mask, entry.setBy, seconds(entry.setAt));
  }
  ctx.reply(replies.end, channel.name, replies.text);
}
