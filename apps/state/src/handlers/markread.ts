import type { IrcMessage } from '@portalchat/protocol';
import {
  advanceReadMarker,
  markerAccount,
  markerParam,
  notifyReadMarker,
  parseMarkerParam,
  readMarker,
} from '../engine/accounts/read-markers';
import { CAP } from '../engine/caps';
import type { CommandSpec, RegisteredContext } from '../engine/context';
import type { Channel } from '../model/types';

/**
 * IRCv3 draft/read-marker (https://ircv3.net/specs/extensions/read-marker): `MARKREAD <target>`
 * asks for the marker, `MARKREAD <target> timestamp=…` moves it (never back), and the reply is
 * the marker held either way. An account's markers are network-wide (engine/accounts/read-markers.ts):
 * a move goes to the network as a `read-marker` event and to the account's other sessions here.
 */

function fail(ctx: RegisteredContext, code: string, context: string, description: string): void {
  ctx.send({ prefix: ctx.config.server.name, command: 'FAIL', params: ['MARKREAD', code, context, description] });
}

/** A channel or nick: one word that a reply can carry as a middle parameter. */
function isTargetWord(target: string): boolean {
  return !target.includes(' ') && !target.startsWith(':') && !/[\0\r\n]/.test(target);
}

// MARKREAD <target> [timestamp=YYYY-MM-DDThh:mm:ss.sssZ]
function handleMarkread(ctx: RegisteredContext, msg: IrcMessage): void {
  const [target = '', param] = msg.params;
  const server = ctx.config.server.name;
  if (target === '') {
    fail(ctx, 'NEED_MORE_PARAMS', '*', 'Missing parameters');
    return;
  }
  if (!isTargetWord(target)) {
    fail(ctx, 'INVALID_PARAMS', '*', 'Invalid target');
    return;
  }
  if (param === undefined) {
    const marker = readMarker(ctx.state, ctx.conn, target);
    ctx.send({ prefix: server, command: 'MARKREAD', params: [target, markerParam(marker)] });
    return;
  }
  // `*` is the server's word for "no marker"; a client cannot set it.
  const time = parseMarkerParam(param);
  if (time === undefined) {
    fail(ctx, 'INVALID_PARAMS', target, 'Invalid timestamp');
    return;
  }
  const { marker, moved } = advanceReadMarker(ctx.state, ctx.conn, target, time);
  ctx.send({ prefix: server, command: 'MARKREAD', params: [target, markerParam(marker)] });
  const account = markerAccount(ctx.conn);
  if (!moved || account === undefined) return;
  notifyReadMarker(ctx.state, ctx.out, server, account, marker, ctx.conn);
  ctx.network.emit({ type: 'read-marker', account, target: marker.target, time: marker.time });
}

/** After a JOIN, before the NAMES end (the spec: "MUST" send it then): the marker of the channel. */
export function sendJoinReadMarker(ctx: RegisteredContext, channel: Channel): void {
  if (!ctx.conn.caps.has(CAP.readMarker)) return;
  const marker = readMarker(ctx.state, ctx.conn, channel.name);
  ctx.send({ prefix: ctx.config.server.name, command: 'MARKREAD', params: [channel.name, markerParam(marker)] });
}

export const markreadCommands: Record<string, CommandSpec> = {
  // minParams 0: a missing target is a FAIL (standard replies), not 461.
  MARKREAD: { handler: handleMarkread, minParams: 0 },
};
