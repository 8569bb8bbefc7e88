import type { HostConfig } from '@portalchat/config';
import {
  channelPrefixOf,
  isValidChannelName,
  RPL_ENDOFNAMES,
  RPL_NAMREPLY,
  RPL_TOPIC,
  RPL_TOPICWHOTIME,
} from '@portalchat/protocol';
import type { ChatState } from '../model/chat-state';
import type { Channel, User } from '../model/types';
import type { Announcer } from './announce';
import { CAP } from './caps';
import { userPrefix } from './context';
import { namesEntry, namesReplyParams, visibleMembers } from './membership-view';

/**
 * draft/channel-rename (https://ircv3.net/specs/extensions/channel-rename): a channel takes a new
 * name and keeps everything else. Members with the capability see `RENAME <old> <new> :<reason>`;
 * the others see themselves PART the old name and JOIN the new one, with its topic and NAMES, as
 * ergo does. The same lines whether the rename was made here or came from another server.
 */

/** Why a channel cannot take `newName` (FAIL RENAME codes), or undefined when it can. */
export type RenameRefusal = { code: 'CHANNEL_NAME_IN_USE'; text: string } | { code: 'CANNOT_RENAME'; text: string };

export interface RenameContext extends Announcer {
  readonly state: ChatState;
  readonly config: HostConfig;
}

export function renameRefusal(
  state: ChatState,
  config: HostConfig,
  channel: Channel,
  newName: string,
): RenameRefusal | undefined {
  if (!isValidChannelName(newName, config.limits.channelLength)) {
    return { code: 'CANNOT_RENAME', text: 'Illegal channel name' };
  }
  // "Servers SHOULD NOT allow channels to be converted between types" (the spec's first draft).
  if (channelPrefixOf(newName) !== channelPrefixOf(channel.name)) {
    return { code: 'CANNOT_RENAME', text: 'You cannot change a channel type' };
  }
  const holder = state.channel(newName);
  if (holder && holder !== channel) return { code: 'CHANNEL_NAME_IN_USE', text: 'Channel already exists' };
  // A registered channel lives in each server's store under its name, and clones (IRCX +d/+e)
  // are found by their parent's name: both keep the names they have.
  if (channel.registered) return { code: 'CANNOT_RENAME', text: 'A registered channel keeps its name' };
  if (channel.cloneOf !== undefined || channel.modes.has('d')) {
    return { code: 'CANNOT_RENAME', text: 'A clone channel or its parent keeps its name' };
  }
  return undefined;
}

/** Renames the channel in the state and tells its local members; `actor` is the prefix of the RENAME line. */
export function renameChannel(
  a: RenameContext,
  channel: Channel,
  newName: string,
  actor: string,
  reason: string,
): void {
  const oldName = channel.name;
  a.state.renameChannel(channel, newName);
  const capable: User[] = [];
  const legacy: User[] = [];
  for (const { user } of channel.members.values()) {
    if (user.local) (user.local.caps.has(CAP.channelRename) ? capable : legacy).push(user);
  }
  const time = a.now;
  if (capable.length) {
    const rename = { prefix: actor, command: 'RENAME', params: [oldName, newName, reason] };
    a.out.deliver(capable, rename, { time, msgid: a.nextMsgId() });
  }
  const partReason = reason === '' ? 'Channel renamed' : `Channel renamed: ${reason}`;
  for (const user of legacy) {
    const prefix = userPrefix(user);
    a.out.deliver([user], { prefix, command: 'PART', params: [oldName, partReason] }, { time });
    const local = user.local;
    const join = local?.caps.has(CAP.extendedJoin) ? [newName, '*', user.realname] : [newName];
    a.out.deliver([user], { prefix, command: 'JOIN', params: join }, { time });
    sendJoinBurst(a, channel, user);
  }
}

/** 332/333 when there is a topic, then NAMES, as a JOIN shows them (numerics to one local user). */
function sendJoinBurst(a: RenameContext, channel: Channel, user: User): void {
  const server = a.config.server.name;
  const numeric = (command: string, ...params: string[]) =>
    a.out.deliver([user], { prefix: server, command, params: [user.nick, ...params] });
  if (channel.topic) {
    numeric(RPL_TOPIC, channel.name, channel.topic.text);
    numeric(RPL_TOPICWHOTIME, channel.name, channel.topic.setBy, String(Math.floor(channel.topic.setAt / 1000)));
  }
  const caps = user.local?.caps;
  const style = {
    multiPrefix: caps?.has(CAP.multiPrefix) ?? false,
    userhostInNames: caps?.has(CAP.userhostInNames) ?? false,
    ircx: user.local?.ircx ?? false,
  };
  const entries = visibleMembers(channel, user).map((m) => namesEntry(m, style));
  for (const params of namesReplyParams(channel, entries, server, user.nick)) numeric(RPL_NAMREPLY, ...params);
  numeric(RPL_ENDOFNAMES, channel.name, 'End of /NAMES list');
}
