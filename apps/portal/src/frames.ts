import type { ServerRecord, WireEvent } from '@portalchat/routing';

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

const KINDS: readonly FrameKind[] = [
  'hello',
  'auth',
  'ready',
  'refusal',
  'ping',
  'pong',
  'topology',
  'events',
  'burst',
];

/** The body of a received frame, or undefined for a frame this version does not know. */
export function frameBody(raw: unknown): FrameBody | undefined {
  const body = (raw as { body?: unknown } | null)?.body;
  if (typeof body !== 'string' || !(KINDS as readonly string[]).includes(body)) return undefined;
  const value = (raw as Record<string, unknown>)[body];
  if (value === null || typeof value !== 'object') return undefined;
  return { kind: body, value } as FrameBody;
}
