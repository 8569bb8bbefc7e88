import type { IrcMessage } from '@portalchat/protocol';
import { CAP } from '../engine/caps';
import type { CommandContext } from '../engine/context';
import { takesBatches } from '../engine/batch';
import { followsKey, metadataMessage, metadataOf, metadataTargetName, type MetadataTarget } from '../engine/metadata';
import type { Channel } from '../model/types';

/**
 * The `metadata` batch (https://ircv3.net/specs/extensions/batch) that wraps the answers to
 * METADATA GET, LIST, CLEAR and SYNC. draft/metadata-2 asks clients to negotiate `batch` with it,
 * but one that did not must never see a BATCH line (the batch spec): it gets the lines alone.
 * The reference is a fresh message ID (deterministic).
 */
export class MetadataBatch {
  /** The batch's reference; undefined for a client without `batch`, which gets the lines alone. */
  private readonly ref: string | undefined;

  constructor(private readonly ctx: CommandContext) {
    this.ref = takesBatches(ctx.conn) ? ctx.nextMsgId() : undefined;
    if (this.ref !== undefined)
      ctx.send({ prefix: ctx.config.server.name, command: 'BATCH', params: [`+${this.ref}`, 'metadata'] });
  }

  /** A numeric to the client inside the batch. */
  reply(numeric: string, ...params: string[]): void {
    const nick = this.ctx.user?.nick ?? '*';
    this.add({ prefix: this.ctx.config.server.name, command: numeric, params: [nick, ...params] });
  }

  add(msg: IrcMessage): void {
    this.ctx.send(this.ref === undefined ? msg : { ...msg, tags: { ...msg.tags, batch: this.ref } });
  }

  end(): void {
    if (this.ref !== undefined)
      this.ctx.send({ prefix: this.ctx.config.server.name, command: 'BATCH', params: [`-${this.ref}`] });
  }
}

/**
 * METADATA lines for the keys the client follows, of a target and, for a channel, of its
 * members: what SYNC answers, and what a JOIN shows a client with the capability.
 */
export function followedMetadata(ctx: CommandContext, target: MetadataTarget): IrcMessage[] {
  const user = ctx.user;
  if (!user) return [];
  const server = ctx.config.server.name;
  const lines: IrcMessage[] = [];
  const addFrom = (t: MetadataTarget) => {
    for (const [key, value] of metadataOf(t)) {
      if (followsKey(user, key)) lines.push(metadataMessage(server, metadataTargetName(t), key, value));
    }
  };
  addFrom(target);
  if (target.kind === 'channel')
    for (const m of target.channel.members.values()) addFrom({ kind: 'user', user: m.user });
  return lines;
}

/** After a JOIN: the channel's and its members' followed metadata, in a batch, when there is any. */
export function sendJoinMetadata(ctx: CommandContext, channel: Channel): void {
  if (!ctx.conn.caps.has(CAP.metadata)) return; // no walk of the members for a client that follows nothing
  const lines = followedMetadata(ctx, { kind: 'channel', channel });
  if (lines.length === 0) return;
  const batch = new MetadataBatch(ctx);
  for (const line of lines) batch.add(line);
  batch.end();
}
