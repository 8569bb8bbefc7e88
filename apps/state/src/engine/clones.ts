import { ircLower, type IrcMessage } from '@portalchat/protocol';
import type { ChatState } from '../model/chat-state';
import type { Channel, User } from '../model/types';
import { announceToChannel, type Announcer } from './announce';
import { oidOf } from './channel-props';
import { isHostOrOwner } from './levels';
import type { Outbox } from './outbox';
import type { NetOutbox } from './network/net-outbox';

/**
 * IRCX cloneable channels (mode d, draft-04 §5.4): when the parent is full, the server puts the
 * joiner in `<name>1`…`<name>99`, a copy of the parent. This file finds or makes that copy;
 * the JOIN path decides when to ask for one.
 */

/** draft-04: clones are numbered 1 to 99. */
export const MAX_CLONES = 99;

/** Exchange: "The parent's name must not end in a digit" (its clones would be ambiguous). */
export function canBeCloned(parent: Channel): boolean {
  return parent.modes.has('d') && parent.cloneOf === undefined && !/[0-9]$/.test(parent.name);
}

export function isCloneOf(channel: Channel, parent: Channel): boolean {
  return channel.cloneOf !== undefined && ircLower(channel.cloneOf) === ircLower(parent.name);
}

function hasRoom(channel: Channel): boolean {
  return channel.limit === undefined || channel.members.size < channel.limit;
}

/** The first existing clone of `parent` with room, in number order. */
export function cloneWithRoom(state: ChatState, parent: Channel): Channel | undefined {
  for (let n = 1; n <= MAX_CLONES; n++) {
    const channel = state.channel(`${parent.name}${n}`);
    if (channel && isCloneOf(channel, parent) && hasRoom(channel)) return channel;
  }
  return undefined;
}

/** Where the next clone goes: its name and the channel squatting that name (to be removed), if any. */
export interface CloneSlot {
  name: string;
  squatter?: Channel;
}

/**
 * The first number not used by a clone of `parent`. A dynamic channel that took the name is
 * removed ("prevents takeover": nobody can pre-create `#chat1` and catch the overflow of
 * `#chat`); a registered channel is not a squatter but a sysop's decision, so its number is
 * skipped. None when all 99 are taken.
 */
export function nextCloneSlot(state: ChatState, parent: Channel): CloneSlot | undefined {
  for (let n = 1; n <= MAX_CLONES; n++) {
    const name = `${parent.name}${n}`;
    const channel = state.channel(name);
    if (!channel) return { name };
    if (isCloneOf(channel, parent) || channel.registered) continue;
    return { name: channel.name, squatter: channel };
  }
  return undefined;
}

/** What removing a squatter needs: output, state and the network. A CommandContext is one. */
export interface CloneContext extends Announcer {
  readonly state: ChatState;
  readonly network: NetOutbox;
  readonly config: { readonly server: { readonly name: string } };
}

export const TAKEOVER_REASON = 'Channel taken over by clone';

/**
 * Empties a squatting channel: the server KICKs every member (one KICK line each, as RFC 2812
 * wants), here and, through `kick` events, on the other servers; the emptied channel vanishes.
 */
export function evictSquatter(ctx: CloneContext, channel: Channel): void {
  const server = ctx.config.server.name;
  for (const { user } of [...channel.members.values()]) {
    announceToChannel(
      ctx,
      channel,
      { prefix: server, command: 'KICK', params: [channel.name, user.nick, TAKEOVER_REASON] },
      user,
    );
    ctx.state.removeMember(channel, user);
    ctx.network.emit({ type: 'kick', channel: channel.name, uid: user.uid, by: server, reason: TAKEOVER_REASON });
  }
  // The last KICK removed it already (removeMember); one without members goes here, so the clone
  // is always made afresh.
  ctx.state.dropChannelIfAbandoned(channel);
}

/**
 * Makes the clone `name` of `parent`, empty: the parent's modes without d (a clone is never
 * cloned again), its key, limit, topic, properties, lists and ACCESS entries, so the clone keeps
 * every rule the parent had. It is dynamic (never registered) and remembers its parent.
 */
export function makeClone(state: ChatState, parent: Channel, name: string, now: number): Channel {
  const { channel } = state.ensureChannel(name, now);
  channel.modes = new Set([...parent.modes].filter((mode) => mode !== 'd' && mode !== 'r'));
  channel.key = parent.key;
  channel.limit = parent.limit;
  channel.topic = parent.topic ? { ...parent.topic } : undefined;
  channel.props = new Map(parent.props);
  channel.lists = {
    b: parent.lists.b.map((e) => ({ ...e })),
    e: parent.lists.e.map((e) => ({ ...e })),
    I: parent.lists.I.map((e) => ({ ...e })),
  };
  channel.access = parent.access.map((e) => ({ ...e }));
  channel.cloneOf = parent.name;
  return channel;
}

/** `:<server> CLONE <clone> <oid>`: the IRCX line telling the parent's hosts a clone was made. */
export function cloneMessage(serverName: string, clone: Channel): IrcMessage {
  return { prefix: serverName, command: 'CLONE', params: [clone.name, oidOf(clone)] };
}

/**
 * CLONE to the local owners and hosts of the parent in IRCX mode; plain IRC sessions get nothing
 * (draft-04: non-IRCX clients must never get CLONE).
 */
export function announceClone(
  out: Outbox,
  serverName: string,
  parent: Channel,
  clone: Channel,
  tags: { time: number; msgid: string },
): void {
  const hosts: User[] = [];
  for (const m of parent.members.values()) if (isHostOrOwner(m)) hosts.push(m.user);
  out.deliverByPersonality(hosts, cloneMessage(serverName, clone), undefined, tags);
}
