import { ERR_CHANOPRIVSNEEDED, ERR_NOSUCHCHANNEL, type IrcMessage } from '@portalchat/protocol';
import { isChannelVisibleTo } from '../engine/channel-rules';
import { renameChannel, renameRefusal } from '../engine/channel-rename';
import { userPrefix, type CommandSpec, type RegisteredContext } from '../engine/context';
import { sendFail } from '../engine/fail-reply';
import { isHostOrOwner } from '../engine/levels';

// RENAME <channel> <new-name> [:<reason>]
// draft/channel-rename. Who may: a host or owner of the channel, or an IRC operator (ergo lets
// channel operators rename; the IRCX owner and host levels are its operators here).
function rename(ctx: RegisteredContext, msg: IrcMessage): void {
  const [oldName = '', newName = '', reason = ''] = msg.params;
  const { user } = ctx;
  const channel = ctx.state.channel(oldName);
  if (!channel || !isChannelVisibleTo(channel, user)) {
    ctx.reply(ERR_NOSUCHCHANNEL, oldName, 'No such channel');
    return;
  }
  if (!isHostOrOwner(channel.members.get(user.uid)) && !user.modes.has('o')) {
    ctx.reply(ERR_CHANOPRIVSNEEDED, channel.name, "You're not channel operator");
    return;
  }
  if (newName === channel.name) return;
  const refusal = renameRefusal(ctx.state, ctx.config, channel, newName);
  if (refusal) {
    sendFail(ctx, 'RENAME', refusal.code, channel.name, newName, refusal.text);
    return;
  }
  const previous = channel.name;
  renameChannel(ctx, channel, newName, userPrefix(user), reason);
  const rename = { channel: previous, channelTs: channel.createdAt, newName, by: user.uid, reason };
  ctx.network.emit({ type: 'rename', ...rename });
}

export const channelRenameCommands: Record<string, CommandSpec> = {
  RENAME: { handler: rename, minParams: 2 },
};
