import { ircLower } from '@portalchat/protocol';
import type { ChatState } from '../../model/chat-state';
import type { Connection, ReadMarker } from '../../model/types';
import { CAP } from '../caps';
import type { Outbox } from '../outbox';

/**
 * Read markers (IRCv3 draft/read-marker): when a user last read each target. A session logged in
 * to an account shares the account's markers, network-wide (they travel as `read-marker` events,
 * in the burst and in the snapshot, like the accounts); a session without one keeps its own for
 * as long as it lasts, as Ergo does. A marker only ever moves forward.
 */

/** `YYYY-MM-DDThh:mm:ss.sssZ`, the only form the spec's `timestamp=` takes. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** The time (ms) of a `timestamp=…` parameter, or undefined when it is not a valid one. */
export function parseMarkerParam(param: string): number | undefined {
  if (!param.startsWith('timestamp=')) return undefined;
  const text = param.slice('timestamp='.length);
  if (!TIMESTAMP.test(text)) return undefined;
  const time = Date.parse(text);
  return Number.isFinite(time) ? time : undefined;
}

/** The reply's parameter: `timestamp=…`, or `*` when there is no marker. */
export function markerParam(marker: ReadMarker | undefined): string {
  return marker ? `timestamp=${new Date(marker.time).toISOString()}` : '*';
}

/** The account a session's markers belong to, if any. */
export function markerAccount(conn: Connection): string | undefined {
  return conn.user?.account ?? conn.account;
}

function markersOf(state: ChatState, conn: Connection, create: boolean): Map<string, ReadMarker> | undefined {
  const account = markerAccount(conn);
  if (account === undefined) {
    if (create) conn.readMarkers ??= new Map();
    return conn.readMarkers;
  }
  const folded = ircLower(account);
  let markers = state.readMarkers.get(folded);
  if (!markers && create) state.readMarkers.set(folded, (markers = new Map<string, ReadMarker>()));
  return markers;
}

export function readMarker(state: ChatState, conn: Connection, target: string): ReadMarker | undefined {
  return markersOf(state, conn, false)?.get(ircLower(target));
}

/**
 * Moves the session's marker of `target` to `time` unless it is already there or later. Returns
 * the marker now held, and whether it moved.
 */
export function advanceReadMarker(
  state: ChatState,
  conn: Connection,
  target: string,
  time: number,
): { marker: ReadMarker; moved: boolean } {
  const markers = markersOf(state, conn, true) ?? new Map<string, ReadMarker>();
  const folded = ircLower(target);
  const held = markers.get(folded);
  if (held && held.time >= time) return { marker: held, moved: false };
  const marker = { target, time };
  markers.set(folded, marker);
  return { marker, moved: true };
}

/** An account's marker from the network (or a burst): taken when later than the one held. */
export function mergeReadMarker(state: ChatState, account: string, target: string, time: number): boolean {
  const folded = ircLower(account);
  let markers = state.readMarkers.get(folded);
  if (!markers) state.readMarkers.set(folded, (markers = new Map<string, ReadMarker>()));
  const held = markers.get(ircLower(target));
  if (held && held.time >= time) return false;
  markers.set(ircLower(target), { target, time });
  return true;
}

/**
 * `MARKREAD <target> timestamp=…` to this server's sessions logged in to `account` that enabled
 * draft/read-marker (the spec: the server "SHOULD" tell the user's other clients), but `except`.
 */
export function notifyReadMarker(
  state: ChatState,
  out: Outbox,
  serverName: string,
  account: string,
  marker: ReadMarker,
  except?: Connection,
): void {
  const folded = ircLower(account);
  for (const conn of state.connections.values()) {
    if (conn === except || !conn.caps.has(CAP.readMarker)) continue;
    const own = markerAccount(conn);
    if (own === undefined || ircLower(own) !== folded) continue;
    out.message(conn, { prefix: serverName, command: 'MARKREAD', params: [marker.target, markerParam(marker)] });
  }
}
