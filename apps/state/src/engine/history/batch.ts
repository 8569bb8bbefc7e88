import { formatServerTime, serializeMessage, type IrcMessage } from '@portalchat/protocol';
import type { Connection } from '../../model/types';
import type { Outbox } from '../outbox';

/** One line of a reply batch, with the server tags it shows (time, msgid, client-only tags). */
export interface BatchLine {
  msg: IrcMessage;
  time?: number;
  msgid?: string;
  clientTags?: Record<string, string>;
}

/**
 * Sends `lines` to one connection as a batch of `type` (https://ircv3.net/specs/extensions/batch):
 * `BATCH +ref type params…`, each line tagged `batch=ref`, then `BATCH -ref`. A client without the
 * `batch` capability gets the lines alone (Ergo does the same). Tags follow the client's caps
 * (server-time, message-tags). The one place history frames a batch, so it can give way to a
 * shared helper; `ref` comes from the caller (a msgid), so a replay makes the same one.
 */
export function sendBatch(
  out: Outbox,
  conn: Connection,
  server: string,
  ref: string,
  type: string,
  params: readonly string[],
  lines: readonly BatchLine[],
): void {
  const batched = conn.caps.has('batch');
  const serverTime = conn.caps.has('server-time');
  const messageTags = conn.caps.has('message-tags');
  if (batched)
    out.line(conn, serializeMessage({ prefix: server, command: 'BATCH', params: [`+${ref}`, type, ...params] }));
  for (const line of lines) {
    const tags: Record<string, string> = {};
    if (batched) tags.batch = ref;
    if (messageTags) {
      if (line.clientTags) Object.assign(tags, line.clientTags);
      if (line.msgid !== undefined) tags.msgid = line.msgid;
    }
    if (serverTime && line.time !== undefined) tags.time = formatServerTime(line.time);
    const msg = Object.keys(tags).length ? { ...line.msg, tags } : line.msg;
    out.line(conn, serializeMessage(msg));
  }
  if (batched) out.line(conn, serializeMessage({ prefix: server, command: 'BATCH', params: [`-${ref}`] }));
}
