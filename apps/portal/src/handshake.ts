import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PortalConfig } from '@portalchat/config';
import { PORTAL_PROTOCOL_VERSION } from '@portalchat/protocol';
import type { HelloFrame } from './frames';

/**
 * The checks of the link handshake (handshake-machine.ts runs them): the secret proofs and the
 * checks on the peer's Hello.
 * Neither side ever sends the secret: each proves it holds it with an HMAC over a nonce the
 * OTHER side chose (so a recorded proof is useless later) and over both server IDs and its role
 * (so a proof cannot be reflected back or replayed towards another server).
 */

export type Role = 'dialer' | 'acceptor';

export interface ProofInput {
  dialerNonce: string;
  acceptorNonce: string;
  dialerId: number;
  acceptorId: number;
}

/** HMAC-SHA256(secret, role | nonces | IDs), hex. */
export function handshakeProof(secret: string, role: Role, input: ProofInput): string {
  const text = [
    'portalchat-portal',
    PORTAL_PROTOCOL_VERSION,
    role,
    input.dialerNonce,
    input.acceptorNonce,
    input.dialerId,
    input.acceptorId,
  ].join('|');
  return createHmac('sha256', secret).update(text).digest('hex');
}

/** Compares a received proof with the expected one in constant time. */
export function proofMatches(secret: string, role: Role, input: ProofInput, received: string): boolean {
  const expected = Buffer.from(handshakeProof(secret, role, input), 'hex');
  const got = Buffer.from(/^[0-9a-f]*$/i.test(received) ? received : '', 'hex');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export interface HelloExpectations {
  ownId: number;
  /** The name the network already knows for a server ID, if any. */
  knownName(serverId: number): string | undefined;
  /** Whether a link to that server is already up. */
  linked(serverId: number): boolean;
  /** Why links of this portal are refused for now (an operator's SQUIT until CONNECT), if they are. */
  heldDown?(portal: PortalConfig): string | undefined;
}

/** A Hello that may go on to the secret check, with the portal configured for its server; or why it is refused. */
export type HelloCheck = { ok: true; portal: PortalConfig } | { ok: false; reason: string };

/**
 * Checks a peer's Hello against `portal`, the portal configured for the server it names (the
 * dialer's own portal; for the acceptor, the one its config has for that server ID, if any).
 */
export function checkHello(hello: HelloFrame, portal: PortalConfig | undefined, expect: HelloExpectations): HelloCheck {
  const refused = (reason: string): HelloCheck => ({ ok: false, reason });
  if (hello.version !== PORTAL_PROTOCOL_VERSION) {
    return refused(`protocol version mismatch: peer speaks ${hello.version}, this portal ${PORTAL_PROTOCOL_VERSION}`);
  }
  if (portal === undefined)
    return refused(`unexpected server ID ${hello.serverId} (${hello.name}): no portal is configured for it`);
  if (hello.serverId !== portal.serverId) {
    return refused(`unexpected server ID ${hello.serverId} (${hello.name}): this portal expects ${portal.serverId}`);
  }
  if (hello.serverId === expect.ownId) return refused(`duplicate server ID ${hello.serverId}: it is this server's own`);
  if (expect.linked(hello.serverId)) return refused(`duplicate server ID ${hello.serverId}: already linked`);
  const held = expect.heldDown?.(portal);
  if (held !== undefined) return refused(held);
  const known = expect.knownName(hello.serverId);
  if (known !== undefined && known !== hello.name) {
    return refused(
      `duplicate server ID ${hello.serverId}: already on the network as ${known}, peer calls itself ${hello.name}`,
    );
  }
  return { ok: true, portal };
}

export const BAD_SECRET = 'secret proof does not match (wrong secret)';
