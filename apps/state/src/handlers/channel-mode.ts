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
import { eventFeedOf } from '../engine/event-feed';
import { announceModeChanges } from '../engine/mode-announce';
import { checkModeRights, modeActorOf, type ModeRightRefusal } from '../engine/channel-mode-rights';
import { userPrefix, type RegisteredContext } from '../engine/context';
import { sendModeError } from '../engine/errors';
import type { Channel } from '../model/types';
import { netModeChangesOf } from '../engine/network/to-net';
import { channelModeParams, seconds } from './channel-replies';
import { originStamp } from '../engine/announce';

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
    // IRCX sessions also see `e` on a clone (draft-04 §6.1.13); it is no settable letter here.
    ctx.reply(RPL_CHANNELMODEIS, channel.name, ...channelModeParams(channel, membership !== undefined, ctx.conn.ircx));
    ctx.reply(RPL_CREATIONTIME, channel.name, seconds(channel.createdAt));
    return;
  }
  const parsed = parseModeString(modeString, args, CHANNEL_MODE_SPEC);
  for (const letter of parsed.unknown) ctx.reply(ERR_UNKNOWNMODE, letter, 'is unknown mode char to me');
  // Anyone may read the lists (ergo, solanum); each change needs the level its letter asks for.
  for (const mode of parsed.listQueries) sendList(ctx, channel, mode);
  if (parsed.changes.length === 0 && parsed.missingArg.length === 0) return;
  const actor = modeActorOf(ctx.user, channel, ctx.config.ircx);
  // Changes short of an argument are checked too: someone without the rights learns only that.
  const { allowed, refused } = checkModeRights(actor, channel, [...parsed.changes, ...parsed.missingArg], ctx.state);
  sendRefusals(ctx, channel, refused);
  for (const change of allowed) {
    if (parsed.missingArg.includes(change))
      sendModeError(ctx, channel.name, { code: 'missing-param', mode: change.mode });
  }
  const { applied, errors } = applyChannelModeChanges({
    state: ctx.state,
    channel,
    changes: allowed.filter((change) => !parsed.missingArg.includes(change)),
    setBy: userPrefix(ctx.user),
    now: ctx.now,
    modesPerCommand: ctx.config.limits.modesPerCommand,
    maxListEntries: ctx.config.limits.maxListEntries,
  });
  for (const error of errors) sendModeError(ctx, channel.name, error);
  if (applied.length === 0) return;
  // A sysop's +r here makes this server the one that stores the channel.
  if (applied.some((change) => change.mode === 'r' && change.add)) channel.registeredHere = true;
  const line = { prefix: userPrefix(ctx.user), command: 'MODE', params: [channel.name, ...formatModeChanges(applied)] };
  const stamp = originStamp(ctx);
  eventFeedOf(ctx.state)?.channelMode(channel, ctx.user, formatModeChanges(applied));
  announceModeChanges(ctx, channel, userPrefix(ctx.user), applied, stamp);
  // A sysop manager may act on a channel it is not in; it still sees what it did.
  if (!channel.members.has(ctx.user.uid)) ctx.send(line, stamp);
  ctx.network.emit({
    type: 'cmode',
    channel: channel.name,
    channelTs: channel.createdAt,
    by: ctx.user.uid,
    changes: netModeChangesOf(ctx.state, applied),
    ...stamp,
  });
}

/**
 * 482 for every refused change, each text once per command. Exchange answered privilege failures
 * with 482 for IRCX and IRC clients alike, so both personalities get the same line; the text says
 * which level was missing.
 */
const REFUSAL_TEXTS: Readonly<Record<ModeRightRefusal, (mode: string) => string>> = Object.freeze({
  'not-host': () => "You're not channel operator",
  'not-owner': () => "You're not channel owner",
  'not-sysop': (mode: string) => `Mode ${mode} can only be changed by a sysop`,
  'not-admin': (mode: string) => `Mode ${mode} can only be changed by a sysop manager`,
  'create-only': (mode: string) => `Mode ${mode} can only be set with CREATE`,
  'server-only': (mode: string) => `Mode ${mode} can only be set by the server`,
  'not-all-secure': (mode: string) =>
    `Mode ${mode} can only be set by a TLS user while every member is connected with TLS`,
});

function sendRefusals(
  ctx: RegisteredContext,
  channel: Channel,
  refused: readonly { code: ModeRightRefusal; mode: string }[],
): void {
  const sent = new Set<string>();
  for (const { code, mode } of refused) {
    const text = REFUSAL_TEXTS[code](mode);
    if (sent.has(text)) continue;
    sent.add(text);
    ctx.reply(ERR_CHANOPRIVSNEEDED, channel.name, text);
  }
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
