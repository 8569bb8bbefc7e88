import { ERR_NOSUCHNICK, ERR_TOOMANYTARGETS, ERR_USERNOTINCHANNEL } from '@portalchat/protocol';
import { seesInChannel } from '../engine/auditorium';
import type { RegisteredContext } from '../engine/context';
import type { Channel, Membership, User } from '../model/types';

type Reply = RegisteredContext['reply'];

/**
 * The members of `channel` a `<nick>{,<nick>}` list names, for a message the sender addresses to
 * some members only (WHISPER, `PRIVMSG #c a,b`, `DATA #c a,b`). More nicks than maxTargets is 407
 * and nobody; a nick that is no user is 401; one that is not a member, or that an auditorium (+x)
 * hides from the sender, is 441 ("to it they are not there"). `admit` may refuse a member for a
 * reason of its own (it answers itself). Each user comes once, in the order named.
 */
export function namedMembers(
  ctx: RegisteredContext,
  channel: Channel,
  nickList: string,
  reply: Reply,
  admit: (target: User, membership: Membership) => boolean = () => true,
): User[] {
  const nicks = nickList.split(',').filter((n) => n !== '');
  const firstTooMany = nicks[ctx.config.limits.maxTargets];
  if (firstTooMany !== undefined) {
    reply(ERR_TOOMANYTARGETS, firstTooMany, 'Too many recipients');
    return [];
  }
  const targets: User[] = [];
  for (const nick of nicks) {
    const target = ctx.state.userByNick(nick);
    if (!target) {
      reply(ERR_NOSUCHNICK, nick, 'No such nick/channel');
      continue;
    }
    const membership = channel.members.get(target.uid);
    if (!membership || !seesInChannel(channel, ctx.user, target)) {
      reply(ERR_USERNOTINCHANNEL, target.nick, channel.name, "They aren't on that channel");
      continue;
    }
    if (admit(target, membership) && !targets.includes(target)) targets.push(target);
  }
  return targets;
}
