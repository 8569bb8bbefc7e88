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
 * an unknown event type or a missing field (netEventProblem). State checks the items its portal
 * hands it once more (under 1 % of its CPU): a guard against a portal of another build.
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
  // Freshly parsed, so ours to stamp in place (a last "stamp" key wins, as in netInItemJson).
  const stamped = event as StampedNetEvent;
  stamped.stamp = { origin: wire.origin, epoch: wire.epoch, seq: wire.seq };
  return stamped;
}

/**
 * The JSON of the NetInItem that hands a wire event read by readWireEvent to state, made from
 * the wire's JSON rather than by encoding the parsed event again: `{"type":"event","event":
 * {…the event's fields…,"stamp":{…}}}`. State parses it to what readWireEvent gave (a later key
 * wins in JSON.parse, so a "stamp" the peer sent is replaced here as it is there).
 */
export function netInItemJson(wire: WireEvent): string {
  const json = wire.json.trimEnd();
  // readWireEvent checked that it is an object with a type: `{…}` with at least one field.
  const fields = json.slice(0, -1);
  const stamp = `{"origin":${wire.origin},"epoch":${wire.epoch},"seq":${wire.seq}}`;
  return `{"type":"event","event":${fields},"stamp":${stamp}}}`;
}

/** Targets as the contract spells them: undefined for "every server". */
export function wireTargets(wire: WireEvent): number[] | undefined {
  return wire.targets.length > 0 ? wire.targets : undefined;
}
