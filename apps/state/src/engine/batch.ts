import { serializeMessage, type IrcMessage } from '@portalchat/protocol';
import type { Connection } from '../model/types';
import { nextBatchRef } from './batch-ref';
import { CAP } from './caps';
import type { Outbox, ServerTags } from './outbox';

export { nextBatchRef };

/**
 * IRCv3 batches (https://ircv3.net/specs/extensions/batch) sent to one connection:
 * `BATCH +<ref> <type> <params…>`, lines tagged `batch=<ref>`, `BATCH -<ref>` (references: batch-ref.ts).
 */

/** Whether `conn` takes batches (the `batch` capability): callers send plain lines otherwise. */
export function takesBatches(conn: Connection): boolean {
  return conn.caps.has(CAP.batch);
}

/**
 * Opens a batch of `type` for `conn` → its reference; `tags` go on the opening line (a labeled
 * response's `label`). Lines inside carry `batch: ref` in their ServerTags (or use batchMessage).
 */
export function beginBatch(
  out: Outbox,
  server: string,
  conn: Connection,
  type: string,
  params: readonly string[] = [],
  tags?: Record<string, string>,
): string {
  const ref = nextBatchRef(conn);
  out.line(conn, batchLine(server, `+${ref}`, [type, ...params], tags));
  return ref;
}

/** Closes the batch `ref` opened by beginBatch. */
export function endBatch(out: Outbox, server: string, conn: Connection, ref: string): void {
  out.line(conn, batchLine(server, `-${ref}`, []));
}

/** One message inside batch `ref`, with the server tags the connection's caps ask for. */
export function batchMessage(out: Outbox, conn: Connection, ref: string, msg: IrcMessage, tags: ServerTags): void {
  out.message(conn, msg, { ...tags, batch: ref });
}

function batchLine(server: string, refParam: string, params: readonly string[], tags?: Record<string, string>): string {
  return serializeMessage({
    ...(tags ? { tags } : {}),
    prefix: server,
    command: 'BATCH',
    params: [refParam, ...params],
  });
}

/**
 * One batch of `type params` per recipient connection, opened at its first line and closed by
 * closeAll: a netsplit's QUITs or a netjoin's JOINs reach each batch client as one batch, while
 * clients without `batch` get the same lines plain (refFor answers undefined for them).
 */
export class OpenBatches {
  private readonly refs = new Map<Connection, string>();

  constructor(
    private readonly out: Outbox,
    private readonly server: string,
    private readonly type: string,
    private readonly params: readonly string[],
  ) {}

  /** The reference of `conn`'s batch (opened now if need be); undefined when it takes no batches. */
  refFor(conn: Connection): string | undefined {
    if (!takesBatches(conn)) return undefined;
    let ref = this.refs.get(conn);
    if (ref === undefined) {
      ref = beginBatch(this.out, this.server, conn, this.type, this.params);
      this.refs.set(conn, ref);
    }
    return ref;
  }

  closeAll(): void {
    for (const [conn, ref] of this.refs) endBatch(this.out, this.server, conn, ref);
    this.refs.clear();
  }
}
