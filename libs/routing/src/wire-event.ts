import { netEventProblem, type NetEvent, type NetStamp, type StampedNetEvent } from '@portalchat/protocol';

/**
 * An event on the wire between portals: its stamp and targets next to the NetEvent's JSON. The
 * JSON is made once where the event is born; portals that only pass it on never parse it.
 */
export interface WireEvent {
  origin: number;
  epoch: number;
  seq: number;
  /** Servers that need it; empty means every server. */
  targets: number[];
  json: string;
  /**
   * When the origin portal stamped it (ms since the Unix epoch, by its clock): 0 or absent when
   * not known. Not part of the identity (dedupe is by origin, epoch, seq); only for its age.
   */
  at?: number | undefined;
}

export function toWireEvent(
  event: NetEvent,
  stamp: NetStamp,
  targets: readonly number[] | undefined,
  at?: number,
): WireEvent {
  return {
    origin: stamp.origin,
    epoch: stamp.epoch,
    seq: stamp.seq,
    targets: targets ? [...targets] : [],
    json: JSON.stringify(event),
    at,
  };
}

/**
 * The stamped NetEvent a wire event carries, or why it cannot be read: JSON that does not parse,
 * an unknown event type or a missing field (netEventProblem).
 */
export function readWireEvent(wire: WireEvent): StampedNetEvent | string {
  let event: unknown;
  try {
    event = JSON.parse(wire.json);
  } catch (err) {
    return `unreadable JSON (${(err as Error).message})`;
  }
  const problem = netEventProblem(event);
  if (problem) return problem;
  return { ...(event as NetEvent), stamp: { origin: wire.origin, epoch: wire.epoch, seq: wire.seq } };
}

/** Targets as the contract spells them: undefined for "every server". */
export function wireTargets(wire: WireEvent): number[] | undefined {
  return wire.targets.length > 0 ? wire.targets : undefined;
}
