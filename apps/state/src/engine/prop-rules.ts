import type { Channel, Membership, User } from '../model/types';
import { oidOf } from './channel-props';
import { isAdmin, isHostOrOwner, isOwner, isSysop } from './levels';

/**
 * IRCX channel properties (draft-pfenning-irc-extensions-04 §8.4, Exchange Chat 5.5 "Channel
 * properties"): which exist, how long they may be, who may read and write them. Pure: the PROP
 * handler (handlers/prop.ts) turns the refusals into numerics and does the output.
 *
 * Decisions where the draft is vague (see the report of issue 4):
 * - Reading: members and sysops read everything readable; outsiders read a public or hidden (+h,
 *   "queryable by exact name") channel fully, a private (+p) one only OID, NAME and PICS (Exchange:
 *   "outsiders see only the name, member count and PICS"), and a secret (+s) one not at all (924,
 *   as if it did not exist).
 * - The write-only keys (OWNERKEY, HOSTKEY, MEMBERKEY) are shown only to the channel's owners and
 *   to admins; anyone else asking for one by name gets 908, and `*` leaves them out.
 * - Writing: hosts and owners; admins (user mode +a) always, member or not. OWNERKEY needs an
 *   owner (a host must not be able to make itself owner); PICS, ACCOUNT, CLIENTGUID and
 *   SERVICEPATH need an admin ("set by the sysop manager").
 * - LAG is stored and travels; the delay is applied by the member's gateway (engine/member-lag.ts).
 */

/** Who may set a property. */
type Writer = 'none' | 'host' | 'owner' | 'admin';

interface PropSpec {
  /** Longest value in bytes (IRCX lengths count bytes, §1.2). */
  maxBytes: number;
  writer: Writer;
  /** Shown only to owners and admins (the keys). */
  writeOnly?: boolean;
  /** Extra check of the value beyond its length. */
  valid?: (value: string) => boolean;
}

/** A key is one IRC word: it is also a MODE +k argument and a JOIN parameter. */
const keyWord = (value: string) => /^[^\s,:][^\s,]*$/.test(value);

/**
 * Every supported property, in the order `PROP <chan> *` lists them. Lengths from the IRCX
 * reference §1.6: "NAME 63, LANGUAGE 31, OWNERKEY/HOSTKEY/MEMBERKEY 31 each, PICS 255, TOPIC 160,
 * SUBJECT 31, CLIENT 255, ONJOIN 255, ONPART 255, LAG 0–2 s, ACCOUNT 31". CLIENTGUID and
 * SERVICEPATH have no length there: 255, as the longest of the others.
 */
export const PROP_SPECS: Readonly<Record<string, PropSpec>> = Object.freeze({
  OID: { maxBytes: 0, writer: 'none' },
  NAME: { maxBytes: 63, writer: 'none' },
  CREATION: { maxBytes: 0, writer: 'none' },
  LANGUAGE: { maxBytes: 31, writer: 'host' },
  OWNERKEY: { maxBytes: 31, writer: 'owner', writeOnly: true, valid: keyWord },
  HOSTKEY: { maxBytes: 31, writer: 'host', writeOnly: true, valid: keyWord },
  MEMBERKEY: { maxBytes: 31, writer: 'host', writeOnly: true, valid: keyWord },
  PICS: { maxBytes: 255, writer: 'admin' },
  TOPIC: { maxBytes: 160, writer: 'host' },
  SUBJECT: { maxBytes: 31, writer: 'host' },
  CLIENT: { maxBytes: 255, writer: 'host' },
  ONJOIN: { maxBytes: 255, writer: 'host' },
  ONPART: { maxBytes: 255, writer: 'host' },
  LAG: { maxBytes: 1, writer: 'host', valid: (v) => /^[0-2]$/.test(v) },
  ACCOUNT: { maxBytes: 31, writer: 'admin' },
  CLIENTGUID: { maxBytes: 255, writer: 'admin' },
  SERVICEPATH: { maxBytes: 255, writer: 'admin' },
});

/** Properties that live outside `channel.props` (derived, or stored as topic/key). */
const NOT_IN_PROPS = new Set(['OID', 'NAME', 'CREATION', 'TOPIC', 'MEMBERKEY']);

/** Properties that travel as `prop` events and sit in `channel.props` (not TOPIC/MEMBERKEY). */
export function isStoredProp(name: string): boolean {
  return PROP_SPECS[name] !== undefined && !NOT_IN_PROPS.has(name);
}

/** Whether a property is one of the write-only keys. */
export function isWriteOnlyProp(name: string): boolean {
  return PROP_SPECS[name]?.writeOnly === true;
}

/** The property's current value, or undefined when unset. */
export function propValue(channel: Channel, name: string): string | undefined {
  switch (name) {
    case 'OID':
      return oidOf(channel);
    case 'NAME':
      return channel.name;
    case 'CREATION':
      return String(Math.floor(channel.createdAt / 1000)); // epoch seconds
    case 'TOPIC':
      return channel.topic?.text;
    case 'MEMBERKEY':
      return channel.key;
    default:
      return channel.props.get(name);
  }
}

/** Who is asking, as far as properties care. */
export interface PropViewer {
  membership: Membership | undefined;
  /** User mode +o (sysop; admins have it too). */
  sysop: boolean;
  /** User mode +a (sysop manager). */
  admin: boolean;
}

export function propViewerOf(channel: Channel, user: User): PropViewer {
  return { membership: channel.members.get(user.uid), sysop: isSysop(user), admin: isAdmin(user) };
}

/** Outsiders of a +p channel may read only these (Exchange: name, member count and PICS). */
const PRIVATE_READABLE = new Set(['OID', 'NAME', 'PICS']);

/** Whether the channel exists for this viewer at all: +s hides it from outsiders (924). */
export function channelExistsFor(channel: Channel, viewer: PropViewer): boolean {
  return !channel.modes.has('s') || viewer.membership !== undefined || viewer.sysop;
}

export type PropReadRefusal = 'unknown' | 'no-permission';

/** Why `viewer` may not read property `name` of the channel, or undefined when it may. */
export function readRefusal(channel: Channel, name: string, viewer: PropViewer): PropReadRefusal | undefined {
  const spec = PROP_SPECS[name];
  if (!spec) return 'unknown';
  if (spec.writeOnly) return isOwner(viewer.membership) || viewer.admin ? undefined : 'no-permission';
  if (viewer.membership || viewer.sysop) return undefined;
  if (channel.modes.has('p') && !PRIVATE_READABLE.has(name)) return 'no-permission';
  return undefined;
}

/** The properties `PROP <chan> *` shows this viewer: every readable one that has a value. */
export function readableProps(channel: Channel, viewer: PropViewer): [name: string, value: string][] {
  const out: [string, string][] = [];
  for (const name of Object.keys(PROP_SPECS)) {
    if (readRefusal(channel, name, viewer)) continue;
    const value = propValue(channel, name);
    if (value !== undefined) out.push([name, value]);
  }
  return out;
}

export type PropWriteRefusal = 'unknown' | 'no-permission' | 'bad-value';

/**
 * Why `viewer` may not set property `name` to `value` ('' deletes), or undefined when it may.
 * Read-only properties are a permission refusal (908), as Exchange answers them.
 */
export function writeRefusal(name: string, value: string, viewer: PropViewer): PropWriteRefusal | undefined {
  const spec = PROP_SPECS[name];
  if (!spec) return 'unknown';
  if (!mayWrite(spec.writer, viewer)) return 'no-permission';
  if (value === '') return undefined;
  if (Buffer.byteLength(value, 'utf8') > spec.maxBytes) return 'bad-value';
  if (spec.valid && !spec.valid(value)) return 'bad-value';
  return undefined;
}

function mayWrite(writer: Writer, viewer: PropViewer): boolean {
  switch (writer) {
    case 'none':
      return false;
    case 'admin':
      return viewer.admin;
    case 'owner':
      return viewer.admin || isOwner(viewer.membership);
    case 'host':
      return viewer.admin || isHostOrOwner(viewer.membership);
  }
}

/** A user's IRCX object ID: `0` + 8 hex digits of its uid, computed the same way on every server. */
export function userOid(user: User): string {
  return oidOf({ name: user.uid });
}

/** `PROP <nick> *`: a user's properties (all read-only). */
export function userProps(user: User): [name: string, value: string][] {
  return [
    ['OID', userOid(user)],
    ['NICK', user.nick],
  ];
}
