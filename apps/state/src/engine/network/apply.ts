import { netEventProblem, type NetInItem } from '@portalchat/protocol';
import type { NetApplyContext } from './apply-context';
import {
  applyChannelMode,
  applyInvite,
  applyJoin,
  applyKick,
  applyPart,
  applyRename,
  applyTopic,
} from './apply-channels';
import { applyMessage, applyWallops } from './apply-messages';
import { applyChannelKill, applyData, applyWhisper } from './apply-ircx-messages';
import { applyAway, applyKill, applyNick, applyQuit, applyUmode, applyUser } from './apply-users';
import { applyChannelBurst } from './channel-burst';
import { applyAccessAdd, applyAccessClear, applyAccessDel, applyClone, applyKnock } from './apply-ircx-access';
import { applyProp } from './apply-ircx-prop';
import { applyBurstMark, noteBurstEvent } from './burst-reconcile';
import { applyServerTable } from './servers';
import { applyGline } from './apply-gline';
import { stampOf } from '../history/record';
import { applyRedact } from '../history/redact-apply';
import { applyHistory } from '../history/apply-history';
import { applyAccount, applyChghost, applySetname } from './apply-presence';
import { applyMetadata } from './apply-metadata';
import { applyAccountRegister, applyReadMarker } from './apply-accounts';

/**
 * Why an item from the portal cannot be applied (an unknown event type, a missing field, no
 * stamp), or undefined. The portal drops such events already; this guards the state against a
 * portal of another version or a bug, since code past this point trusts the contract.
 */
export function netItemProblem(item: NetInItem): string | undefined {
  if (item === null || typeof item !== 'object') return 'not an object';
  if (item.type === 'servers') return Array.isArray(item.servers) ? undefined : 'server table without a server list';
  if (item.type !== 'event') return `unknown item type "${String((item as { type?: unknown }).type).slice(0, 32)}"`;
  const stamp = (item.event as unknown as { stamp?: Record<string, unknown> } | undefined)?.stamp;
  if (typeof stamp?.['origin'] !== 'number' || typeof stamp['epoch'] !== 'number' || typeof stamp['seq'] !== 'number') {
    return 'event without a stamp';
  }
  return netEventProblem(item.event);
}

/**
 * One item from the portal (portalIn): a stamped event of another server or a new server table.
 * Every event is applied idempotently: the portals drop what they have seen, and applying an
 * event again here changes nothing and shows nothing (messages are remembered by msgid).
 */
export function applyNetItem(ctx: NetApplyContext, item: NetInItem): void {
  if (item.type === 'servers') {
    applyServerTable(ctx, item);
    return;
  }
  const ev = item.event;
  // Our own events come back only through a misrouting portal; this server already applied them.
  if (ev.stamp.origin === ctx.state.serverId) return;
  if (ctx.state.burstReconciles.size > 0) noteBurstEvent(ctx, ev);
  switch (ev.type) {
    case 'user':
      return applyUser(ctx, ev.user);
    case 'nick':
      return applyNick(ctx, ev.uid, ev.nick, ev.nickTs, stampOf(ev));
    case 'quit':
      return applyQuit(ctx, ev.uid, ev.reason, stampOf(ev));
    case 'kill':
      return applyKill(ctx, ev.uid, ev.by, ev.reason);
    case 'umode':
      return applyUmode(ctx, ev.uid, ev.modes, ev.operName);
    case 'away':
      return applyAway(ctx, ev.uid, ev.message);
    case 'setname':
      return applySetname(ctx, ev);
    case 'account':
      return applyAccount(ctx, ev);
    case 'chghost':
      return applyChghost(ctx, ev);
    case 'channel':
      return applyChannelBurst(ctx, ev.channel);
    case 'join':
      return applyJoin(ctx, ev);
    case 'part':
      return applyPart(ctx, ev);
    case 'kick':
      return applyKick(ctx, ev);
    case 'cmode':
      return applyChannelMode(ctx, ev);
    case 'topic':
      return applyTopic(ctx, ev);
    case 'invite':
      return applyInvite(ctx, ev);
    case 'metadata':
      return applyMetadata(ctx, ev);
    case 'rename':
      return applyRename(ctx, ev);
    case 'message':
      return applyMessage(ctx, ev);
    case 'wallops':
      return applyWallops(ctx, ev);
    case 'redact':
      return applyRedact(ctx, ev);
    case 'prop':
      return applyProp(ctx, ev);
    case 'whisper':
      return applyWhisper(ctx, ev);
    case 'data':
      return applyData(ctx, ev);
    case 'chkill':
      return applyChannelKill(ctx, ev);
    case 'access-add':
      return applyAccessAdd(ctx, ev);
    case 'access-del':
      return applyAccessDel(ctx, ev);
    case 'access-clear':
      return applyAccessClear(ctx, ev);
    case 'knock':
      return applyKnock(ctx, ev);
    case 'clone':
      return applyClone(ctx, ev);
    case 'gline':
      return applyGline(ctx, ev.ban);
    case 'account-register':
      return applyAccountRegister(ctx, ev.account);
    case 'read-marker':
      return applyReadMarker(ctx, ev.account, ev.target, ev.time);
    case 'history':
      return applyHistory(ctx, ev);
    case 'link-control':
      return; // for the portal of the host that made it; never from a peer
    case 'burst':
      return applyBurstMark(ctx, ev.stamp, ev.phase, ev.servers);
  }
}
