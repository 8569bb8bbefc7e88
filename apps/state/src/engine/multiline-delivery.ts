import { serializeMessage, type NetMultilineLine } from '@portalchat/protocol';
import type { Connection, User } from '../model/types';
import { nextBatchRef } from './batch-ref';
import { CAP } from './caps';
import type { Outbox, ServerTags } from './outbox';

/**
 * Delivering a draft/multiline message (https://ircv3.net/specs/extensions/multiline), here and
 * on a server applying the network event alike. A client with `draft/multiline` and `batch` gets
 * one `draft/multiline` batch: the BATCH line carries the message's msgid, time and client-only
 * tags, the lines inside only `batch` and `draft/multiline-concat`. Any other client gets the lines
 * as separate messages (blank ones left out), all with the time and client-only tags, the first
 * with the msgid (as ergo, and as irctest checks).
 */

/** The batch type, and the tag that joins a line to the previous one without a line break. */
export const MULTILINE_BATCH = 'draft/multiline';
export const MULTILINE_CONCAT = 'draft/multiline-concat';

export interface MultilineMessage {
  verb: 'PRIVMSG' | 'NOTICE';
  /** `nick!user@host` of the sender. */
  prefix: string;
  /** The target as recipients see it (a channel, with its STATUSMSG prefix, or their nick). */
  target: string;
  lines: readonly NetMultilineLine[];
  /** time, msgid and client-only tags of the whole message. */
  tags: ServerTags;
}

/** Whether `conn` takes a multiline message as a batch. */
export function takesMultiline(conn: Connection): boolean {
  return conn.caps.has(CAP.multiline) && conn.caps.has(CAP.batch);
}

/** To many users: a batch to each multiline client, the fallback lines to the others (grouped). */
export function deliverMultiline(out: Outbox, recipients: Iterable<User>, m: MultilineMessage): void {
  const plain: User[] = [];
  for (const user of recipients) {
    if (!user.local) continue;
    if (takesMultiline(user.local)) sendMultilineBatch(out, user.local, m);
    else plain.push(user);
  }
  if (plain.length === 0) return;
  let first = true;
  for (const line of m.lines) {
    if (line.text === '') continue;
    const tags: ServerTags = { ...m.tags };
    if (!first) delete tags.msgid;
    first = false;
    out.deliver(plain, { prefix: m.prefix, command: m.verb, params: [m.target, line.text] }, tags);
  }
}

/** To one connection (a recipient, or the sender's echo): as a batch when it takes one, else plain. */
export function sendMultiline(out: Outbox, conn: Connection, m: MultilineMessage): void {
  if (takesMultiline(conn)) sendMultilineBatch(out, conn, m);
  else if (conn.user) deliverMultiline(out, [conn.user], m);
}

function sendMultilineBatch(out: Outbox, conn: Connection, m: MultilineMessage): void {
  const ref = nextBatchRef(conn);
  out.message(conn, { prefix: m.prefix, command: 'BATCH', params: [`+${ref}`, MULTILINE_BATCH, m.target] }, m.tags);
  for (const line of m.lines) {
    const tags: Record<string, string> = line.concat ? { batch: ref, [MULTILINE_CONCAT]: '' } : { batch: ref };
    out.line(conn, serializeMessage({ tags, prefix: m.prefix, command: m.verb, params: [m.target, line.text] }));
  }
  out.line(conn, `:${m.prefix} BATCH -${ref}`);
}
