import {
  ERR_BADVALUE,
  RPL_LISTXEND,
  RPL_LISTXLIST,
  RPL_LISTXPICS,
  RPL_LISTXSTART,
  RPL_LISTXTRUNC,
  type IrcMessage,
} from '@portalchat/protocol';
import type { CommandSpec, RegisteredContext } from '../engine/context';
import { listxViewOf, matchesListx, parseListxQuery } from '../engine/listx-query';
import type { Channel } from '../model/types';

// LISTX [<channel>{,<channel>}]
// LISTX <query>{,<query>} [<limit>]
// 811 start; per channel 812 `<chan> <modes> <members> <limit> :<topic>` (then 813 `:<PICS>` when
// it has one); 816 instead of 817 when the limit cut the list (the IRCX reference: "then 817, or
// 816 if truncated"). A term or limit that is not understood gets 906 and nothing else.
function handleListx(ctx: RegisteredContext, msg: IrcMessage): void {
  const [queryArg, limitArg] = msg.params;
  const query = parseListxQuery(queryArg);
  if ('bad' in query) {
    ctx.reply(ERR_BADVALUE, query.bad, 'Bad value specified');
    return;
  }
  if (limitArg !== undefined && !/^\d{1,9}$/.test(limitArg)) {
    ctx.reply(ERR_BADVALUE, limitArg, 'Bad value specified');
    return;
  }
  const limit = limitArg === undefined ? 0 : Number(limitArg); // 0 = unlimited
  // Named channels are looked up directly instead of walking every channel.
  const candidates: Iterable<Channel> =
    query.names.size > 0
      ? [...query.names].map((folded) => ctx.state.channels.get(folded)).filter((c): c is Channel => c !== undefined)
      : ctx.state.channels.values();
  ctx.reply(RPL_LISTXSTART, 'Start of ListX');
  let shown = 0;
  for (const channel of candidates) {
    const view = listxViewOf(channel, ctx.user, query.names.size > 0);
    if (!view || !matchesListx(view, query, ctx.now)) continue;
    if (limit > 0 && shown === limit) {
      ctx.reply(RPL_LISTXTRUNC, 'Truncation of ListX');
      return;
    }
    shown++;
    ctx.reply(RPL_LISTXLIST, view.name, view.modes, String(view.members), String(view.limit), view.topic?.text ?? '');
    if (view.pics) ctx.reply(RPL_LISTXPICS, view.pics);
  }
  ctx.reply(RPL_LISTXEND, 'End of ListX');
}

export const listxCommands: Record<string, CommandSpec> = {
  LISTX: { handler: handleListx, minParams: 0, ircxOnly: true },
};
