import { parseMessage, type GatewayEvent } from '@portalchat/protocol';

/**
 * The client commands whose answer depends on what the history index holds: CHATHISTORY (every
 * subcommand, TARGETS too) reads it, REDACT looks the message up to check who sent it. Every other
 * use of the index only adds to it or buries a msgid, which gives the same index in any order.
 */
const HISTORY_READERS = new Set(['CHATHISTORY', 'REDACT']);

/**
 * The command of a raw client line, upper-cased (the protocol's parser, as the engine reads it);
 * empty for a line it refuses, which reads nothing. Only looked at while the history loads.
 */
export function commandOf(line: string): string {
  try {
    return parseMessage(line).command;
  } catch {
    return '';
  }
}

/** Whether a client line's answer depends on the history index (HISTORY_READERS). */
export function readsHistory(line: string): boolean {
  return HISTORY_READERS.has(commandOf(line));
}

/** Whether any line of a gateway batch reads the history index. */
export function batchReadsHistory(events: readonly GatewayEvent[]): boolean {
  return events.some((event) => event.type === 'line' && readsHistory(event.line));
}

/**
 * Lets state serve while its history stream loads in the background, without a wrong or partial
 * answer from the history. Inputs that read the index (a CHATHISTORY, a REDACT, a netjoin burst)
 * wait until the load is done, and so does every input that arrives after one of them, whatever
 * its source: the inputs are then taken in the order they came, as if they had arrived once the
 * history was there. Everything else is taken at once: adding to the index in any order gives the
 * same index (it is sorted by time and msgid, and drops a msgid it holds).
 */
export class HistoryGate {
  private loading = false;
  private held: (() => void)[] = [];

  /** Whether the history is loading: inputs may have to wait (`hold`). */
  get active(): boolean {
    return this.loading;
  }

  /** How many inputs wait for the load. */
  get waiting(): number {
    return this.held.length;
  }

  /** The load starts: from now on, readers wait. */
  close(): void {
    this.loading = true;
  }

  /**
   * Keeps `take` for later when the history is loading and the input reads it, or when an input
   * before it waits already. Returns whether it was kept (the caller then does nothing more now).
   */
  hold(take: () => void, readsIndex: boolean): boolean {
    if (!this.loading || (this.held.length === 0 && !readsIndex)) return false;
    this.held.push(take);
    return true;
  }

  /** The load is done (or failed): the inputs that waited are taken, in the order they came. */
  open(): void {
    this.loading = false;
    const held = this.held;
    this.held = [];
    for (const take of held) take();
  }
}
