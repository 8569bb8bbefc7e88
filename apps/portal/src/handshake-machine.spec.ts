import type { PortalConfig } from '@portalchat/config';
import { PORTAL_PROTOCOL_VERSION } from '@portalchat/protocol';
import { frameBody, type Frame, type FrameBody, type HelloFrame } from './frames';
import { BAD_SECRET, handshakeProof } from './handshake';
import {
  handshakeStep,
  startAccepting,
  startDialing,
  type HandshakeContext,
  type HandshakeState,
  type HandshakeStep,
} from './handshake-machine';

// The dialer is server 10, the acceptor server 12; each has a portal configured for the other.
const portalTo = (serverId: number, secret = 's3cret'): PortalConfig => ({
  name: `Portal_to_${serverId}`,
  address: '127.0.0.1',
  port: 1,
  serverId,
  uplink: serverId === 12,
  secret,
  insecure: false,
});

function context(serverId: number, over: Partial<HandshakeContext> = {}): HandshakeContext {
  const peerId = serverId === 10 ? 12 : 10;
  return {
    own: { serverId, name: `S${serverId}`, description: `server ${serverId}`, epoch: serverId * 100 },
    portalFor: (id) => (id === peerId ? portalTo(peerId) : undefined),
    knownName: () => undefined,
    linked: () => false,
    ...over,
  };
}

const dialerCtx = context(10);
const acceptorCtx = context(12);

/** A frame as the receiving machine gets it (decoded as grpc-js hands it over: `body` names the field set). */
function bodyOf(frame: Frame): FrameBody {
  const body = frameBody({ body: Object.keys(frame)[0], ...frame });
  if (!body) throw new Error(`not a frame: ${JSON.stringify(frame)}`);
  return body;
}

const sent = (step: HandshakeStep): Frame[] => step.actions.flatMap((a) => (a.type === 'send' ? [a.frame] : []));

/** Feeds every frame one step sent to the other machine. */
function deliver(from: HandshakeStep, to: HandshakeState, ctx: HandshakeContext): HandshakeStep {
  const [frame, ...more] = sent(from);
  expect(more).toEqual([]);
  if (!frame) throw new Error('nothing was sent');
  return handshakeStep(to, { type: 'frame', body: bodyOf(frame) }, ctx);
}

function helloOf(step: HandshakeStep): HelloFrame {
  const frame = sent(step)[0];
  if (!frame || !('hello' in frame)) throw new Error('no Hello sent');
  return frame.hello;
}

const refusal = (reason: RegExp) => {
  // Jest's asymmetric matchers are typed `any`; held as unknown, one goes into the expected object as is.
  const reasonMatching: unknown = expect.stringMatching(reason);
  return [{ type: 'refuse', reason: reasonMatching }];
};

describe('the handshake machine', () => {
  it('opens on the dialing side with a Hello without proof, and waits on the accepting side', () => {
    const dialing = startDialing(portalTo(12), 'd1', dialerCtx.own);
    expect(dialing.state).toMatchObject({ step: 'awaiting-hello', role: 'dialer' });
    expect(helloOf(dialing)).toEqual({
      version: PORTAL_PROTOCOL_VERSION,
      serverId: 10,
      name: 'S10',
      description: 'server 10',
      epoch: 1000,
      nonce: 'd1',
      proof: '',
    });
    expect(startAccepting('a1')).toEqual({
      state: { step: 'awaiting-hello', role: 'acceptor', nonce: 'a1' },
      actions: [],
    });
  });

  it('brings both sides up: Hello, Hello with proof, Auth, Ready', () => {
    const d0 = startDialing(portalTo(12), 'd1', dialerCtx.own);
    const a1 = deliver(d0, startAccepting('a1').state, acceptorCtx);
    expect(a1.state).toMatchObject({ step: 'awaiting-auth', portal: portalTo(10), peer: helloOf(d0) });
    expect(helloOf(a1).proof).toBe(
      handshakeProof('s3cret', 'acceptor', { dialerNonce: 'd1', acceptorNonce: 'a1', dialerId: 10, acceptorId: 12 }),
    );

    const d1 = deliver(a1, d0.state, dialerCtx);
    expect(d1.state).toMatchObject({ step: 'awaiting-ready', peer: helloOf(a1) });
    expect(sent(d1)).toEqual([
      {
        auth: {
          proof: handshakeProof('s3cret', 'dialer', {
            dialerNonce: 'd1',
            acceptorNonce: 'a1',
            dialerId: 10,
            acceptorId: 12,
          }),
        },
      },
    ]);

    const a2 = deliver(d1, a1.state, acceptorCtx);
    expect(a2.state.step).toBe('up');
    expect(a2.actions).toEqual([
      { type: 'send', frame: { ready: {} } },
      { type: 'up', portal: portalTo(10), peer: helloOf(d0) },
    ]);

    const d2 = deliver(a2, d1.state, dialerCtx);
    expect(d2.state.step).toBe('up');
    expect(d2.actions).toEqual([{ type: 'up', portal: portalTo(12), peer: helloOf(a1) }]);
  });

  it('refuses on the dialing side when the acceptor proves another secret', () => {
    const d0 = startDialing(portalTo(12), 'd1', dialerCtx.own);
    const a1 = deliver(d0, startAccepting('a1').state, context(12, { portalFor: () => portalTo(10, 'other') }));
    const d1 = deliver(a1, d0.state, dialerCtx);
    expect(d1.actions).toEqual([{ type: 'refuse', reason: BAD_SECRET }]);
    expect(d1.state).toMatchObject({ step: 'refused', reason: BAD_SECRET, portal: portalTo(12), peer: helloOf(a1) });
  });

  it('refuses on the accepting side a proof that does not match', () => {
    const d0 = startDialing(portalTo(12), 'd1', dialerCtx.own);
    const a1 = deliver(d0, startAccepting('a1').state, acceptorCtx);
    const a2 = handshakeStep(
      a1.state,
      { type: 'frame', body: { kind: 'auth', value: { proof: 'ab'.repeat(32) } } },
      acceptorCtx,
    );
    expect(a2.actions).toEqual([{ type: 'refuse', reason: BAD_SECRET }]);
  });

  it('refuses a stranger, keeping its Hello for the logs but naming no portal', () => {
    const hello = helloOf(startDialing(portalTo(12), 'd1', { ...dialerCtx.own, serverId: 13, name: 'S13' }));
    const step = handshakeStep(
      startAccepting('a1').state,
      { type: 'frame', body: { kind: 'hello', value: hello } },
      acceptorCtx,
    );
    expect(step.actions).toEqual(refusal(/^unexpected server ID 13 \(S13\): no portal is configured for it$/));
    expect(step.state).toMatchObject({ step: 'refused', portal: undefined, peer: hello });
  });

  it('checks the Hello again on Auth: a link to the same server that came up meanwhile wins', () => {
    let linked = false;
    const ctx = context(12, { linked: () => linked });
    const d0 = startDialing(portalTo(12), 'd1', dialerCtx.own);
    const a1 = deliver(d0, startAccepting('a1').state, ctx);
    const d1 = deliver(a1, d0.state, dialerCtx);
    linked = true;
    const a2 = deliver(d1, a1.state, ctx);
    expect(a2.actions).toEqual(refusal(/^duplicate server ID 10: already linked$/));
    expect(a2.state).toMatchObject({ step: 'refused', portal: portalTo(10) });
  });

  it.each<[string, HandshakeState, FrameBody, string]>([
    [
      'an Auth before any Hello',
      startAccepting('a1').state,
      { kind: 'auth', value: { proof: '' } },
      'unexpected auth frame during the handshake',
    ],
    [
      'a Ready before the Hello',
      startDialing(portalTo(12), 'd1', dialerCtx.own).state,
      { kind: 'ready', value: {} },
      'unexpected ready frame during the handshake',
    ],
    [
      'events before the link is up',
      startAccepting('a1').state,
      { kind: 'events', value: { events: [] } },
      'unexpected events frame during the handshake',
    ],
  ])('refuses %s', (_what, state, body, reason) => {
    expect(handshakeStep(state, { type: 'frame', body }, acceptorCtx).actions).toEqual([{ type: 'refuse', reason }]);
  });

  it('refuses when the time is up, and takes no more input once refused or up', () => {
    const timedOut = handshakeStep(startAccepting('a1').state, { type: 'timeout', afterMs: 5000 }, acceptorCtx);
    expect(timedOut.actions).toEqual([{ type: 'refuse', reason: 'handshake not finished within 5000 ms' }]);
    expect(handshakeStep(timedOut.state, { type: 'timeout', afterMs: 5000 }, acceptorCtx)).toEqual({
      state: timedOut.state,
      actions: [],
    });
    const up: HandshakeState = {
      step: 'up',
      role: 'dialer',
      nonce: 'd1',
      portal: portalTo(12),
      peer: helloOf(startDialing(portalTo(10), 'x', acceptorCtx.own)),
    };
    expect(handshakeStep(up, { type: 'frame', body: { kind: 'ready', value: {} } }, dialerCtx)).toEqual({
      state: up,
      actions: [],
    });
  });
});
