import {
  CHANNEL_PREFIXES,
  ERR_BADPROPERTY,
  ERR_BADVALUE,
  ERR_NOSUCHOBJECT,
  ERR_SECURITY,
  RPL_PROPEND,
  RPL_PROPLIST,
  type IrcMessage,
} from '@portalchat/protocol';
import { userPrefix, type RegisteredContext, type CommandSpec } from '../engine/context';
import { syncChannelLag } from '../engine/member-lag';
import { announcePropChange } from '../engine/prop-announce';
import {
  channelExistsFor,
  isStoredProp,
  propValue,
  propViewerOf,
  readableProps,
  readRefusal,
  userProps,
  writeRefusal,
  type PropReadRefusal,
  type PropWriteRefusal,
} from '../engine/prop-rules';
import type { Channel, User } from '../model/types';

/**
 * IRCX PROP (draft-04 §5.4): read, set and delete channel properties; read a user's OID and NICK.
 * The rules (lengths, who reads and writes what) are in engine/prop-rules.ts.
 */

// PROP <channel|nick> <prop>[,<prop>…]   (get; `*` = every readable property)
// PROP <channel> <prop> :<value>         (set; an empty value deletes)
function handleProp(ctx: RegisteredContext, msg: IrcMessage): void {
  const [target = '', names = '', value] = msg.params;
  const channel = ctx.state.channel(target);
  if (channel && channelExistsFor(channel, propViewerOf(channel, ctx.user))) {
    if (value === undefined) getChannelProps(ctx, channel, names);
    else setChannelProp(ctx, channel, names.toUpperCase(), value);
    return;
  }
  const user = CHANNEL_PREFIXES.includes(target[0] ?? '') ? undefined : ctx.state.userByNick(target);
  if (!user) {
    ctx.reply(ERR_NOSUCHOBJECT, target, 'No such object found');
    return;
  }
  if (value === undefined) getUserProps(ctx, user, names);
  else ctx.reply(ERR_SECURITY, 'No permissions to perform command'); // user properties are read-only
}

/** 905 for an unknown property, 908 for one the asker may not read or write. */
function refuse(
  ctx: RegisteredContext,
  object: string,
  name: string,
  refusal: PropReadRefusal | PropWriteRefusal,
): void {
  if (refusal === 'unknown') ctx.reply(ERR_BADPROPERTY, object, name, 'Bad property specified');
  else if (refusal === 'no-permission') ctx.reply(ERR_SECURITY, 'No permissions to perform command');
  // The draft's 906 names the value; a value may hold spaces or be 300 bytes long, so the
  // property is named instead (the client knows what it sent).
  else ctx.reply(ERR_BADVALUE, name, 'Bad value specified');
}

function getChannelProps(ctx: RegisteredContext, channel: Channel, names: string): void {
  const viewer = propViewerOf(channel, ctx.user);
  for (const raw of names.split(',')) {
    const name = raw.toUpperCase();
    if (name === '') continue;
    if (name === '*') {
      for (const [prop, value] of readableProps(channel, viewer)) ctx.reply(RPL_PROPLIST, channel.name, prop, value);
      continue;
    }
    const refusal = readRefusal(channel, name, viewer);
    if (refusal) {
      refuse(ctx, channel.name, name, refusal);
      continue;
    }
    const value = propValue(channel, name);
    if (value !== undefined) ctx.reply(RPL_PROPLIST, channel.name, name, value);
  }
  ctx.reply(RPL_PROPEND, channel.name, 'End of properties');
}

function getUserProps(ctx: RegisteredContext, user: User, names: string): void {
  const props = new Map(userProps(user));
  for (const raw of names.split(',')) {
    const name = raw.toUpperCase();
    if (name === '') continue;
    if (name === '*') {
      for (const [prop, value] of props) ctx.reply(RPL_PROPLIST, user.nick, prop, value);
      continue;
    }
    const value = props.get(name);
    if (value === undefined) ctx.reply(ERR_BADPROPERTY, user.nick, name, 'Bad property specified');
    else ctx.reply(RPL_PROPLIST, user.nick, name, value);
  }
  ctx.reply(RPL_PROPEND, user.nick, 'End of properties');
}

/**
 * Sets (or with '' deletes) one property. A change that changes nothing is dropped silently,
 * like a MODE that changes nothing. TOPIC travels as a `topic` event and MEMBERKEY as `cmode` k,
 * so servers that know nothing of PROP still agree; the rest as `prop`.
 */
function setChannelProp(ctx: RegisteredContext, channel: Channel, name: string, value: string): void {
  const refusal = writeRefusal(name, value, propViewerOf(channel, ctx.user));
  if (refusal) {
    refuse(ctx, channel.name, name, refusal);
    return;
  }
  if ((propValue(channel, name) ?? '') === value) return;
  const prefix = userPrefix(ctx.user);
  const by = ctx.user.uid;
  if (name === 'TOPIC') {
    channel.topic = value === '' ? undefined : { text: value, setBy: prefix, setAt: ctx.now };
    ctx.network.emit({ type: 'topic', channel: channel.name, text: value, setBy: prefix, setAt: ctx.now, by });
  } else if (name === 'MEMBERKEY') {
    channel.key = value === '' ? undefined : value;
    const change = value === '' ? { add: false, mode: 'k', arg: '*' } : { add: true, mode: 'k', arg: value };
    ctx.network.emit({ type: 'cmode', channel: channel.name, channelTs: channel.createdAt, by, changes: [change] });
  } else if (isStoredProp(name)) {
    if (value === '') channel.props.delete(name);
    else channel.props.set(name, value);
    if (name === 'LAG') syncChannelLag(ctx.state, ctx.out, channel);
    const event = {
      type: 'prop',
      channel: channel.name,
      channelTs: channel.createdAt,
      name,
      by,
      setAt: ctx.now,
    } as const;
    ctx.network.emit(value === '' ? event : { ...event, value });
  }
  announcePropChange(ctx, channel, prefix, name, value, ctx.user);
}

export const propCommands: Record<string, CommandSpec> = {
  PROP: { handler: handleProp, minParams: 2, ircxOnly: true },
};
