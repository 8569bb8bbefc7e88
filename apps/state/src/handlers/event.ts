import {
  ERR_BADFUNCTION,
  ERR_EVENTDUP,
  ERR_EVENTMIS,
  ERR_NEEDMOREPARAMS,
  ERR_NOSUCHEVENT,
  ERR_TOOMANYEVENTS,
  RPL_EVENTADD,
  RPL_EVENTDEL,
  RPL_EVENTEND,
  RPL_EVENTLIST,
  RPL_EVENTSTART,
  type IrcMessage,
} from '@portalchat/protocol';
import type { CommandSpec, RegisteredContext } from '../engine/context';
import { DEFAULT_EVENT_MASK, EVENT_TYPES, eventFeedOf, isEventType, type EventType } from '../engine/event-feed';

/**
 * IRCX EVENT (draft-04 §1.4): a sysop subscribes this session to server events. Subscriptions
 * live on the connection (conn.events) and end with it; the feed itself is engine/event-feed.ts.
 */

/** Masks one session may hold per event type (921 ERR_TOOMANYEVENTS beyond). */
const MAX_MASKS_PER_TYPE = 32;

// EVENT ADD|DELETE <type> [<mask>]  |  EVENT LIST [<type>]
function handleEvent(ctx: RegisteredContext, msg: IrcMessage): void {
  const [fn = '', typeWord, mask = DEFAULT_EVENT_MASK] = msg.params;
  const func = fn.toUpperCase();
  if (func !== 'ADD' && func !== 'DELETE' && func !== 'LIST') {
    ctx.reply(ERR_BADFUNCTION, fn, 'Bad function');
    return;
  }
  let type: EventType | undefined;
  if (typeWord !== undefined) {
    const upper = typeWord.toUpperCase();
    if (!isEventType(upper)) {
      ctx.reply(ERR_NOSUCHEVENT, typeWord, 'No such event type');
      return;
    }
    type = upper;
  }
  if (func === 'LIST') {
    listEvents(ctx, type);
    return;
  }
  if (type === undefined) {
    ctx.reply(ERR_NEEDMOREPARAMS, 'EVENT', 'Not enough parameters');
    return;
  }
  const events = (ctx.conn.events ??= new Map<string, Set<string>>());
  const masks = events.get(type);
  if (func === 'ADD') {
    if (masks?.has(mask)) {
      ctx.reply(ERR_EVENTDUP, type, mask, 'Duplicate event entry');
      return;
    }
    if (masks && masks.size >= MAX_MASKS_PER_TYPE) {
      ctx.reply(ERR_TOOMANYEVENTS, type, 'Too many events specified');
      return;
    }
    if (masks) masks.add(mask);
    else events.set(type, new Set([mask]));
    ctx.reply(RPL_EVENTADD, type, mask);
  } else {
    if (!masks?.delete(mask)) {
      ctx.reply(ERR_EVENTMIS, type, mask, 'Unknown event entry');
      return;
    }
    if (masks.size === 0) events.delete(type);
    ctx.reply(RPL_EVENTDEL, type, mask);
  }
  eventFeedOf(ctx.state)?.track(ctx.conn);
}

/** 808, one 809 per subscription (of `type`, or of every type), 810. */
function listEvents(ctx: RegisteredContext, type: EventType | undefined): void {
  const label = type ?? '*';
  ctx.reply(RPL_EVENTSTART, label, 'Start of events');
  for (const t of type ? [type] : EVENT_TYPES) {
    for (const mask of ctx.conn.events?.get(t) ?? []) ctx.reply(RPL_EVENTLIST, t, mask);
  }
  ctx.reply(RPL_EVENTEND, label, 'End of events');
}

export const eventCommands: Record<string, CommandSpec> = {
  EVENT: { handler: handleEvent, minParams: 1, operOnly: true, ircxOnly: true },
};
