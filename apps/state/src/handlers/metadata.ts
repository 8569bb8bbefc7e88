import {
  ERR_KEYNOTSET,
  ERR_NOMATCHINGKEY,
  hasChannelPrefix,
  RPL_KEYVALUE,
  RPL_METADATASUBOK,
  RPL_METADATASUBS,
  RPL_METADATAUNSUBOK,
  type IrcMessage,
} from '@portalchat/protocol';
import { chunkTokens } from '../engine/caps';
import { isChannelVisibleTo } from '../engine/channel-rules';
import type { CommandSpec, RegisteredContext } from '../engine/context';
import { failMessage, sendFail } from '../engine/fail-reply';
import { isHostOrOwner } from '../engine/levels';
import {
  announceMetadata,
  isValidMetadataKey,
  metadataOf,
  metadataTargetName,
  metadataValueProblem,
  setMetadata,
  type MetadataTarget,
} from '../engine/metadata';
import { METADATA_MAX_KEYS, METADATA_MAX_SUBS } from '../engine/metadata-limits';
import { followedMetadata, MetadataBatch } from './metadata-replies';

/**
 * METADATA (draft/metadata-2, https://ircv3.net/specs/extensions/metadata): users set keys on
 * themselves, channel hosts and owners on their channels, operators on anyone; changes reach
 * the subscribed clients that follow the target, on every server (a `metadata` event).
 */

/** Room left for keys in a 770–772 line after its prefix, numeric and nick. */
const KEY_LIST_BYTES = 400;

// METADATA <target> <subcommand> [<param>…]
function metadata(ctx: RegisteredContext, msg: IrcMessage): void {
  const [name = '', subcommand = '', ...args] = msg.params;
  const handler = SUBCOMMANDS[subcommand.toUpperCase()];
  if (!handler) {
    sendFail(ctx, 'METADATA', 'INVALID_SUBCOMMAND', subcommand, 'Invalid subcommand');
    return;
  }
  handler(ctx, name, args);
}

type Subcommand = (ctx: RegisteredContext, name: string, args: string[]) => void;

const SUBCOMMANDS: Record<string, Subcommand> = {
  GET: get,
  LIST: list,
  SET: set,
  CLEAR: clear,
  SUB: sub,
  UNSUB: unsub,
  SUBS: subs,
  SYNC: sync,
};

/** `*` is the client itself; a channel must be one the client can see (members and operators). */
function resolveTarget(ctx: RegisteredContext, name: string): MetadataTarget | undefined {
  if (name === '*') return { kind: 'user', user: ctx.user };
  if (hasChannelPrefix(name)) {
    const channel = ctx.state.channel(name);
    return channel && isChannelVisibleTo(channel, ctx.user) ? { kind: 'channel', channel } : undefined;
  }
  const user = ctx.state.userByNick(name);
  return user ? { kind: 'user', user } : undefined;
}

/** Resolves the target or answers FAIL INVALID_TARGET (and nothing else, as LIST requires). */
function targetOrFail(ctx: RegisteredContext, name: string): MetadataTarget | undefined {
  const target = resolveTarget(ctx, name);
  if (!target) sendFail(ctx, 'METADATA', 'INVALID_TARGET', name, 'Invalid metadata target');
  return target;
}

/** Who may change a target's keys: the user itself, a channel's hosts and owners, operators. */
function mayEdit(ctx: RegisteredContext, target: MetadataTarget): boolean {
  if (ctx.user.modes.has('o')) return true;
  if (target.kind === 'user') return target.user === ctx.user;
  return isHostOrOwner(target.channel.members.get(ctx.user.uid));
}

// METADATA <target> GET <key>{ <key>}
function get(ctx: RegisteredContext, name: string, keys: string[]): void {
  const target = targetOrFail(ctx, name);
  if (!target) return;
  const shown = metadataTargetName(target);
  const values = metadataOf(target);
  const batch = new MetadataBatch(ctx);
  for (const key of keys) {
    const value = values.get(key);
    if (!isValidMetadataKey(key))
      batch.add(failMessage(ctx.config.server.name, 'METADATA', 'INVALID_KEY', key, 'Invalid key'));
    else if (value === undefined) batch.reply(ERR_NOMATCHINGKEY, shown, key, 'No matching key');
    else batch.reply(RPL_KEYVALUE, shown, key, '*', value);
  }
  batch.end();
}

// METADATA <target> LIST
function list(ctx: RegisteredContext, name: string): void {
  const target = targetOrFail(ctx, name);
  if (!target) return;
  const shown = metadataTargetName(target);
  const batch = new MetadataBatch(ctx);
  for (const [key, value] of metadataOf(target)) batch.reply(RPL_KEYVALUE, shown, key, '*', value);
  batch.end();
}

// METADATA <target> SET <key> [:<value>]   (no value removes the key)
function set(ctx: RegisteredContext, name: string, args: string[]): void {
  const [key = '', value] = args;
  const target = targetOrFail(ctx, name);
  if (!target) return;
  const shown = metadataTargetName(target);
  if (!isValidMetadataKey(key)) {
    sendFail(ctx, 'METADATA', 'INVALID_KEY', key, 'Invalid key');
    return;
  }
  if (!mayEdit(ctx, target)) {
    sendFail(ctx, 'METADATA', 'KEY_NO_PERMISSION', shown, key, 'Permission denied');
    return;
  }
  const values = metadataOf(target);
  if (value === undefined) {
    if (!values.has(key)) {
      ctx.reply(ERR_KEYNOTSET, shown, key, 'Key not set');
      return;
    }
  } else {
    const problem = metadataValueProblem(key, value);
    if (problem !== undefined) {
      sendFail(ctx, 'METADATA', 'INVALID_VALUE', problem);
      return;
    }
    if (!values.has(key) && values.size >= METADATA_MAX_KEYS) {
      sendFail(ctx, 'METADATA', 'LIMIT_REACHED', shown, 'Metadata limit reached');
      return;
    }
  }
  if (value === undefined) ctx.reply(RPL_KEYVALUE, shown, key, '*');
  else ctx.reply(RPL_KEYVALUE, shown, key, '*', value);
  change(ctx, target, key, value);
}

// METADATA <target> CLEAR
function clear(ctx: RegisteredContext, name: string): void {
  const target = targetOrFail(ctx, name);
  if (!target) return;
  const shown = metadataTargetName(target);
  if (!mayEdit(ctx, target)) {
    sendFail(ctx, 'METADATA', 'KEY_NO_PERMISSION', shown, '*', 'Permission denied');
    return;
  }
  const batch = new MetadataBatch(ctx);
  for (const key of [...metadataOf(target).keys()]) {
    batch.reply(RPL_KEYVALUE, shown, key, '*');
    change(ctx, target, key, undefined);
  }
  batch.end();
}

/** Makes a change, tells the followers here and the other servers. */
function change(ctx: RegisteredContext, target: MetadataTarget, key: string, value: string | undefined): void {
  if (!setMetadata(target, key, value)) return;
  announceMetadata(ctx, target, key, value, ctx.user);
  const where =
    target.kind === 'user'
      ? { target: target.user.uid }
      : { target: target.channel.name, channelTs: target.channel.createdAt };
  ctx.network.emit({
    type: 'metadata',
    ...where,
    key,
    ...(value !== undefined ? { value } : {}),
    by: ctx.user.uid,
  });
}

// METADATA * SUB <key>{ <key>}
function sub(ctx: RegisteredContext, _name: string, keys: string[]): void {
  const subs = (ctx.conn.metadataSubs ??= new Set());
  const added: string[] = [];
  for (const key of keys) {
    if (!isValidMetadataKey(key)) {
      sendFail(ctx, 'METADATA', 'INVALID_KEY', key, 'Invalid key');
      continue;
    }
    if (!subs.has(key) && subs.size >= METADATA_MAX_SUBS) {
      // The first key not taken: the client knows every later one was not processed.
      sendFail(ctx, 'METADATA', 'TOO_MANY_SUBS', key, 'Too many subscriptions');
      break;
    }
    subs.add(key);
    added.push(key);
  }
  sendKeyList(ctx, RPL_METADATASUBOK, added);
}

// METADATA * UNSUB <key>{ <key>}
function unsub(ctx: RegisteredContext, _name: string, keys: string[]): void {
  const removed: string[] = [];
  for (const key of keys) {
    if (!isValidMetadataKey(key)) {
      sendFail(ctx, 'METADATA', 'INVALID_KEY', key, 'Invalid key');
      continue;
    }
    ctx.conn.metadataSubs?.delete(key);
    removed.push(key);
  }
  if (ctx.conn.metadataSubs?.size === 0) delete ctx.conn.metadataSubs;
  sendKeyList(ctx, RPL_METADATAUNSUBOK, removed);
}

// METADATA * SUBS
function subs(ctx: RegisteredContext): void {
  sendKeyList(ctx, RPL_METADATASUBS, [...(ctx.conn.metadataSubs ?? [])]);
}

// METADATA <target> SYNC
function sync(ctx: RegisteredContext, name: string): void {
  const target = targetOrFail(ctx, name);
  if (!target) return;
  const batch = new MetadataBatch(ctx);
  for (const line of followedMetadata(ctx, target)) batch.add(line);
  batch.end();
}

/** 770/771/772 with the keys, as many lines as they need; none for no keys. */
function sendKeyList(ctx: RegisteredContext, numeric: string, keys: string[]): void {
  if (keys.length === 0) return;
  for (const chunk of chunkTokens(keys, KEY_LIST_BYTES)) ctx.reply(numeric, chunk);
}

export const metadataCommands: Record<string, CommandSpec> = {
  METADATA: { handler: metadata, minParams: 2 },
};
