import type { NetServerBan } from '@portalchat/protocol';
import { enforceBan } from '../ban-enforcement';
import { mergeBan, pruneBans } from '../server-bans';
import type { NetApplyContext } from './apply-context';

/**
 * A GLINE set or lifted on another server (or restated by a burst): taken when it is newer than
 * the version held here (server-bans.ts mergeBan), so every server settles on the same list
 * whatever order the events come in. A newly taken live ban drops the local users it covers; they
 * QUIT to the network from here, their own server.
 */
export function applyGline(ctx: NetApplyContext, ban: NetServerBan): void {
  const list = ctx.state.serverBans.G;
  pruneBans(list, ctx.now);
  if (!mergeBan(list, ban, ctx.now) || ban.removed) return;
  enforceBan(
    {
      state: ctx.state,
      out: ctx.out,
      serverName: ctx.config.server.name,
      now: ctx.now,
      disconnect: (conn, reason, quitMessage) => ctx.disconnect(conn, reason, quitMessage, true),
    },
    'G',
    ban,
  );
}
