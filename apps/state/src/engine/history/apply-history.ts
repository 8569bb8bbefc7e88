import { hasChannelPrefix, type NetEvent } from '@portalchat/protocol';
import type { NetApplyContext } from '../network/apply-context';

type HistoryEvent = Extract<NetEvent, { type: 'history' }>;

/**
 * A netjoin burst's channel history (issue 13): entries this server lacks are stored in their
 * place by (time, msgid), known msgids are skipped, and redactions the other side made while
 * split remove theirs here. Nothing is shown live: clients read it with CHATHISTORY.
 */
export function applyHistory(ctx: NetApplyContext, ev: HistoryEvent): void {
  const { history } = ctx;
  if (!history) return;
  for (const [key, msgid] of ev.redacted ?? []) if (hasChannelPrefix(key)) history.redact(key, msgid);
  for (const entry of ev.entries) {
    // Channels only: a private conversation's key names identities a peer has no say over.
    if (hasChannelPrefix(entry.key)) history.add({ ...entry, params: [...entry.params] }, ctx.now);
  }
}
