import { formatServerTime, serializeMessage, type IrcMessage, type NetMultilineLine } from '@portalchat/protocol';
import type { Connection } from '../../model/types';
import { MULTILINE_BATCH, MULTILINE_CONCAT, takesMultiline } from '../multiline-delivery';
import type { Outbox } from '../outbox';

/** One line of a reply batch, with the server tags it shows (time, msgid, client-only tags). */
export interface BatchLine {
  msg: IrcMessage;
  time?: number;
  msgid?: string;
  clientTags?: Record<string, string>;
  /** A draft/multiline message's lines (`msg` holds the first): a nested batch, or one line each. */
  multiline?: readonly NetMultilineLine[];
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
  const tagsOf = (line: BatchLine, withMsgid: boolean): Record<string, string> => {
    const tags: Record<string, string> = {};
    if (batched) tags.batch = ref;
    if (messageTags) {
      if (line.clientTags) Object.assign(tags, line.clientTags);
      if (withMsgid && line.msgid !== undefined) tags.msgid = line.msgid;
    }
    if (serverTime && line.time !== undefined) tags.time = formatServerTime(line.time);
    return tags;
  };
  const send = (msg: IrcMessage, tags: Record<string, string>) =>
    out.line(conn, serializeMessage(Object.keys(tags).length ? { ...msg, tags } : msg));
  for (const [i, line] of lines.entries()) {
    const { multiline } = line;
    if (!multiline) send(line.msg, tagsOf(line, true));
    else if (batched && takesMultiline(conn))
      sendNestedMultiline(out, conn, `${ref}.${i}`, line.msg, multiline, tagsOf(line, true));
    else {
      // As live to a client without the cap: each line that is not blank, the msgid on the first.
      let first = true;
      for (const { text } of multiline) {
        if (text === '') continue;
        send({ ...line.msg, params: [line.msg.params[0] ?? '', text] }, tagsOf(line, first));
        first = false;
      }
    }
  }
  if (batched) out.line(conn, serializeMessage({ prefix: server, command: 'BATCH', params: [`-${ref}`] }));
}

/**
 * A stored multiline message inside a reply batch: a `draft/multiline` batch nested in it (the
 * batch spec's nesting: the opening line carries the outer `batch` tag and the message's tags).
 */
function sendNestedMultiline(
  out: Outbox,
  conn: Connection,
  inner: string,
  msg: IrcMessage,
  multiline: readonly NetMultilineLine[],
  openTags: Record<string, string>,
): void {
  const { prefix, command, params } = msg;
  const target = params[0] ?? '';
  const outer = openTags.batch;
  out.line(
    conn,
    serializeMessage({ tags: openTags, prefix, command: 'BATCH', params: [`+${inner}`, MULTILINE_BATCH, target] }),
  );
  for (const { text, concat } of multiline) {
    const tags: Record<string, string> = concat ? { batch: inner, [MULTILINE_CONCAT]: '' } : { batch: inner };
    out.line(conn, serializeMessage({ tags, prefix, command, params: [target, text] }));
  }
  const close = { prefix, command: 'BATCH', params: [`-${inner}`] };
  out.line(conn, serializeMessage(outer === undefined ? close : { ...close, tags: { batch: outer } }));
}
