import { netEventProblem, type NetEvent, type NetStamp, type StampedNetEvent } from '@portalchat/protocol';
import type { ServerRecord } from './network-graph';

/**
 * The frames of proto/portal.proto as the portal's code sees them (proto-loader with
 * `longs: Number, oneofs: true`: 64-bit fields arrive as numbers, and `body` names the field of
 * the oneof that is set).
 */

export interface HelloFrame {
  version: number;
  serverId: number;
  name: string;
  description: string;
  epoch: number;
  nonce: string;
  /** Only in the acceptor's Hello. */
  proof: string;
}

/** An event on the wire: its stamp and targets next to the NetEvent's JSON. */
export interface WireEvent {
  origin: number;
  epoch: number;
  seq: number;
  /** Servers that need it; empty means every server. */
  targets: number[];
  json: string;
}

export type Frame =
  | { hello: HelloFrame }
  | { auth: { proof: string } }
  | { ready: Record<string, never> }
  | { refusal: { reason: string } }
  | { ping: { sentAt: number } }
  | { pong: { sentAt: number } }
  | { topology: { servers: ServerRecord[] } }
  | { events: { events: WireEvent[] } }
  | { burst: { end: boolean; events: number } };

type Bodies = { [F in Frame as keyof F & string]: F[keyof F] };
export type FrameKind = keyof Bodies;
export type FrameBody = { [K in FrameKind]: { kind: K; value: Bodies[K] } }[FrameKind];

const KINDS: readonly FrameKind[] = ['hello', 'auth', 'ready', 'refusal', 'ping', 'pong', 'topology', 'events', 'burst'];

/** The body of a received frame, or undefined for a frame this version does not know. */
export function frameBody(raw: unknown): FrameBody | undefined {
  const body = (raw as { body?: unknown } | null)?.body;
  if (typeof body !== 'string' || !(KINDS as readonly string[]).includes(body)) return undefined;
  const value = (raw as Record<string, unknown>)[body];
  if (value === null || typeof value !== 'object') return undefined;
  return { kind: body, value } as FrameBody;
}

export function toWireEvent(event: NetEvent, stamp: NetStamp, targets: readonly number[] | undefined): WireEvent {
  return { origin: stamp.origin, epoch: stamp.epoch, seq: stamp.seq, targets: targets ? [...targets] : [], json: JSON.stringify(event) };
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
