import type { PortalConfig } from '@portalchat/config';
import { PORTAL_PROTOCOL_VERSION } from '@portalchat/protocol';
import type { OwnServer } from '@portalchat/routing';
import type { Frame, FrameBody, HelloFrame } from './frames';
import {
  BAD_SECRET,
  checkHello,
  handshakeProof,
  proofMatches,
  type HelloExpectations,
  type ProofInput,
  type Role,
} from './handshake';

/**
 * The link handshake as a pure state machine: a state and an input give the next state and the
 * actions for the link to carry out. No I/O and no timers: the link owns the stream and the
 * timeout and feeds in what happens (PortalLink).
 *
 *   dialer                                  acceptor
 *   Hello(nonce)            ──────────────▶ checks the Hello
 *   checks Hello and proof  ◀────────────── Hello(nonce, proof)
 *   Auth(proof)             ──────────────▶ checks the proof, and the Hello again
 *   up                      ◀────────────── Ready, up
 *
 * A Refusal from the peer ends a link in any phase, so the link handles it before the machine.
 */

/** What the machine asks of the portal around it: queries only. */
export interface HandshakeContext {
  own: OwnServer;
  /** The configured portal for a server ID (the accepting side learns it from the Hello). */
  portalFor(serverId: number): PortalConfig | undefined;
  knownName(serverId: number): string | undefined;
  linked(serverId: number): boolean;
  /** See HelloExpectations.heldDown. */
  heldDown?(portal: PortalConfig): string | undefined;
  /**
   * Why this link's transport (TLS or not, the peer's certificate) does not suit `portal`, the
   * entry the peer claims to be (peer-check.ts); checked by the accepting side before it proves
   * anything. The dialing side checked its peer's certificate before sending its Hello.
   */
  transportProblem?(portal: PortalConfig): string | undefined;
}

export type HandshakeState =
  /** The dialer sent its Hello and waits for the acceptor's. */
  | { step: 'awaiting-hello'; role: 'dialer'; nonce: string; portal: PortalConfig; peer?: undefined }
  /** The acceptor waits for the dialer's Hello. */
  | { step: 'awaiting-hello'; role: 'acceptor'; nonce: string; portal?: undefined; peer?: undefined }
  /** The acceptor answered with its Hello and proof and waits for the dialer's proof. */
  | { step: 'awaiting-auth'; role: 'acceptor'; nonce: string; portal: PortalConfig; peer: HelloFrame }
  /** The dialer sent its proof and waits for Ready. */
  | { step: 'awaiting-ready'; role: 'dialer'; nonce: string; portal: PortalConfig; peer: HelloFrame }
  | { step: 'up'; role: Role; nonce: string; portal: PortalConfig; peer: HelloFrame }
  /** Refused by this side; `portal` and `peer` as far as they were known (for the logs and statuses). */
  | {
      step: 'refused';
      role: Role;
      nonce: string;
      reason: string;
      portal: PortalConfig | undefined;
      peer: HelloFrame | undefined;
    };

export type HandshakeInput =
  | { type: 'frame'; body: FrameBody }
  /** The handshake did not end within `afterMs`. */
  | { type: 'timeout'; afterMs: number };

export type HandshakeAction =
  | { type: 'send'; frame: Frame }
  /** Tell the peer why (a Refusal frame) and end the link. */
  | { type: 'refuse'; reason: string }
  | { type: 'up'; portal: PortalConfig; peer: HelloFrame };

export interface HandshakeStep {
  state: HandshakeState;
  actions: HandshakeAction[];
}

/** The dialing side opens with its Hello (no proof yet: it has not seen the acceptor's nonce). */
export function startDialing(portal: PortalConfig, nonce: string, own: OwnServer): HandshakeStep {
  return {
    state: { step: 'awaiting-hello', role: 'dialer', nonce, portal },
    actions: [{ type: 'send', frame: { hello: helloFrame(own, nonce, '') } }],
  };
}

/** The accepting side waits for the dialer's Hello. */
export function startAccepting(nonce: string): HandshakeStep {
  return { state: { step: 'awaiting-hello', role: 'acceptor', nonce }, actions: [] };
}

export function handshakeStep(state: HandshakeState, input: HandshakeInput, ctx: HandshakeContext): HandshakeStep {
  if (state.step === 'up' || state.step === 'refused') return { state, actions: [] };
  if (input.type === 'timeout') return refuse(state, `handshake not finished within ${input.afterMs} ms`);
  const body = input.body;
  if (state.step === 'awaiting-hello' && body.kind === 'hello') {
    return state.role === 'dialer'
      ? dialerGotHello(state.portal, state.nonce, body.value, ctx)
      : acceptorGotHello(state.nonce, body.value, ctx);
  }
  if (state.step === 'awaiting-auth' && body.kind === 'auth') {
    if (!proofMatches(state.portal.secret, 'dialer', proofInput(state, ctx.own), body.value.proof))
      return refuse(state, BAD_SECRET);
    // Checked again: another link to the same server may have come up meanwhile.
    const check = checkHello(state.peer, state.portal, expectations(ctx));
    if (!check.ok) return refuse(state, check.reason);
    return up(state, [{ type: 'send', frame: { ready: {} } }]);
  }
  if (state.step === 'awaiting-ready' && body.kind === 'ready') return up(state, []);
  return refuse(state, `unexpected ${body.kind} frame during the handshake`);
}

function acceptorGotHello(nonce: string, hello: HelloFrame, ctx: HandshakeContext): HandshakeStep {
  const portal = ctx.portalFor(hello.serverId);
  const check = checkHello(hello, portal, expectations(ctx));
  if (!check.ok) return refuse({ role: 'acceptor', nonce, portal, peer: hello }, check.reason);
  const transport = ctx.transportProblem?.(check.portal);
  if (transport !== undefined) return refuse({ role: 'acceptor', nonce, portal: check.portal, peer: hello }, transport);
  const state: HandshakeState = { step: 'awaiting-auth', role: 'acceptor', nonce, portal: check.portal, peer: hello };
  const proof = handshakeProof(check.portal.secret, 'acceptor', proofInput(state, ctx.own));
  return { state, actions: [{ type: 'send', frame: { hello: helloFrame(ctx.own, nonce, proof) } }] };
}

function dialerGotHello(portal: PortalConfig, nonce: string, hello: HelloFrame, ctx: HandshakeContext): HandshakeStep {
  const state: HandshakeState = { step: 'awaiting-ready', role: 'dialer', nonce, portal, peer: hello };
  const check = checkHello(hello, portal, expectations(ctx));
  if (!check.ok) return refuse(state, check.reason);
  if (!proofMatches(portal.secret, 'acceptor', proofInput(state, ctx.own), hello.proof))
    return refuse(state, BAD_SECRET);
  return {
    state,
    actions: [
      { type: 'send', frame: { auth: { proof: handshakeProof(portal.secret, 'dialer', proofInput(state, ctx.own)) } } },
    ],
  };
}

function up(
  state: { role: Role; nonce: string; portal: PortalConfig; peer: HelloFrame },
  actions: HandshakeAction[],
): HandshakeStep {
  const { role, nonce, portal, peer } = state;
  return { state: { step: 'up', role, nonce, portal, peer }, actions: [...actions, { type: 'up', portal, peer }] };
}

function refuse(
  known: { role: Role; nonce: string; portal?: PortalConfig; peer?: HelloFrame },
  reason: string,
): HandshakeStep {
  const { role, nonce, portal, peer } = known;
  return { state: { step: 'refused', role, nonce, reason, portal, peer }, actions: [{ type: 'refuse', reason }] };
}

function expectations(ctx: HandshakeContext): HelloExpectations {
  return {
    ownId: ctx.own.serverId,
    knownName: (id) => ctx.knownName(id),
    linked: (id) => ctx.linked(id),
    heldDown: (portal) => ctx.heldDown?.(portal),
  };
}

/** Both nonces and IDs, whichever side we are. */
function proofInput(state: { role: Role; nonce: string; peer: HelloFrame }, own: OwnServer): ProofInput {
  const { role, nonce, peer } = state;
  return role === 'dialer'
    ? { dialerNonce: nonce, acceptorNonce: peer.nonce, dialerId: own.serverId, acceptorId: peer.serverId }
    : { dialerNonce: peer.nonce, acceptorNonce: nonce, dialerId: peer.serverId, acceptorId: own.serverId };
}

function helloFrame(own: OwnServer, nonce: string, proof: string): HelloFrame {
  const { serverId, name, description, epoch } = own;
  return { version: PORTAL_PROTOCOL_VERSION, serverId, name, description, epoch, nonce, proof };
}
