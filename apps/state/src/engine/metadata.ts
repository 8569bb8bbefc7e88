import type { HostConfig } from '@portalchat/config';
import { utf8ByteLength, type IrcMessage } from '@portalchat/protocol';
import type { ChatState } from '../model/chat-state';
import type { Channel, User } from '../model/types';
import type { Announcer } from './announce';
import { CAP } from './caps';
import { METADATA_MAX_BYTES } from './metadata-limits';

/**
 * draft/metadata-2 (https://ircv3.net/specs/extensions/metadata): key/value pairs on users and
 * channels (avatar, display-name, url…), kept in the state like the rest of a user or channel,
 * so they are in the snapshot, the burst and the network events. Mirrors ergo where the draft
 * leaves room: lower-case keys, key and value together at most 350 bytes (one 761 line), the
 * change's author not told of it again.
 */

// ergo's rule: the spec's draft allows upper case and ':' but is moving to lower case without ':'.
const VALID_KEY = /^[a-z0-9_./-]+$/;

export function isValidMetadataKey(key: string): boolean {
  return VALID_KEY.test(key);
}

/** Why a value is refused (FAIL METADATA INVALID_VALUE), or undefined. */
export function metadataValueProblem(key: string, value: string): string | undefined {
  // The gateway decodes invalid UTF-8 to U+FFFD (hadInvalidUtf8): "Values … MUST be UTF-8".
  if (value.includes('\ufffd')) return 'METADATA values must be UTF-8';
  if (utf8ByteLength(key) + utf8ByteLength(value) > METADATA_MAX_BYTES) return 'Value is too long';
  return undefined;
}

/** A user or a channel: what METADATA names. */
export type MetadataTarget = { kind: 'user'; user: User } | { kind: 'channel'; channel: Channel };

/** The name a target has in lines: the nick or the channel name. */
export function metadataTargetName(target: MetadataTarget): string {
  return target.kind === 'user' ? target.user.nick : target.channel.name;
}

export function metadataOf(target: MetadataTarget): ReadonlyMap<string, string> {
  return (target.kind === 'user' ? target.user.metadata : target.channel.metadata) ?? EMPTY;
}
const EMPTY: ReadonlyMap<string, string> = new Map();

/** Sets `key` (or removes it, with no value); true when that changed anything. */
export function setMetadata(target: MetadataTarget, key: string, value: string | undefined): boolean {
  const holder = target.kind === 'user' ? target.user : target.channel;
  const current = holder.metadata;
  if (value === undefined) {
    if (!current?.delete(key)) return false;
    if (current.size === 0) delete holder.metadata;
    return true;
  }
  if (current?.get(key) === value) return false;
  (holder.metadata ??= new Map()).set(key, value);
  return true;
}

/** `:<server> METADATA <target> <key> * [:<value>]`, the server message of a change. */
export function metadataMessage(
  serverName: string,
  target: string,
  key: string,
  value: string | undefined,
): IrcMessage {
  const params = value === undefined ? [target, key, '*'] : [target, key, '*', value];
  return { prefix: serverName, command: 'METADATA', params };
}

export interface MetadataAnnouncer extends Announcer {
  readonly state: ChatState;
  readonly config: HostConfig;
}

/**
 * Tells the local clients that follow `target` of a change to `key`: for a channel its members,
 * for a user the user and everyone sharing a channel with it; only those with the capability
 * and subscribed to the key, and never `author`, who made the change and had 761 for it.
 */
export function announceMetadata(
  a: MetadataAnnouncer,
  target: MetadataTarget,
  key: string,
  value: string | undefined,
  author: User | undefined,
): void {
  const audience = new Set<User>();
  if (target.kind === 'channel') for (const m of target.channel.members.values()) audience.add(m.user);
  else {
    audience.add(target.user);
    for (const peer of a.state.peersOf(target.user)) audience.add(peer);
  }
  const recipients = [...audience].filter((u) => u !== author && followsKey(u, key));
  if (recipients.length === 0) return;
  const msg = metadataMessage(a.config.server.name, metadataTargetName(target), key, value);
  a.out.deliver(recipients, msg, { time: a.now });
}

/** A local user with the capability, subscribed to `key`. */
export function followsKey(user: User, key: string): boolean {
  const conn = user.local;
  return conn !== undefined && conn.caps.has(CAP.metadata) && (conn.metadataSubs?.has(key) ?? false);
}
